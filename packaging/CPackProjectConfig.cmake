# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_SYSTEM_NAME STREQUAL "Linux" AND CPACK_GENERATOR MATCHES "^(TGZ|TXZ|TBZ2|TZST|TZ|ZIP|7Z|STGZ)$")
    # Archives mirror the .deb layout (usr/..., etc/switchboard/server.conf) instead of writing
    # the absolutely installed config file to the building machine's /etc.
    set(CPACK_SET_DESTDIR ON)
    set(CPACK_INSTALL_PREFIX /usr)
endif()
