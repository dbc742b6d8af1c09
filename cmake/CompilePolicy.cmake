# One INTERFACE target carries the compile policy for every Switchboard target.
add_library(switchboard_policy INTERFACE)
target_compile_features(switchboard_policy INTERFACE cxx_std_20)
set_target_properties(switchboard_policy PROPERTIES INTERFACE_CXX_EXTENSIONS OFF)
target_compile_definitions(switchboard_policy INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER)
if(MSVC)
    # The Windows workflow's compiler (docs/install.md#windows-nsis): its own flag spelling.
    target_compile_options(switchboard_policy INTERFACE /W4 /permissive- /Zc:__cplusplus /utf-8)
else()
    target_compile_options(switchboard_policy INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual)
endif()
if(SWITCHBOARD_WERROR)
    target_compile_options(switchboard_policy INTERFACE $<IF:$<CXX_COMPILER_ID:MSVC>,/WX,-Werror>)
    target_compile_definitions(switchboard_policy INTERFACE _GLIBCXX_ASSERTIONS QT_FORCE_ASSERTS)
endif()
if(SWITCHBOARD_SANITIZE)
    target_compile_options(switchboard_policy INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(switchboard_policy INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(switchboard_policy INTERFACE "${PROJECT_BINARY_DIR}/generated")
