#pragma once

#include <utility>
#include <variant>

namespace switchboard {

// A minimal stand-in for C++23 std::expected: a value or an error, never both.
// Storage and parsing return these instead of throwing or showing UI.
template<typename E> struct Unexpected {
    E error;
};

template<typename E> Unexpected<std::decay_t<E>> unexpected(E &&error)
{
    return { std::forward<E>(error) };
}

template<typename T, typename E> class Expected {
public:
    Expected(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {
    }
    template<typename U>
    Expected(Unexpected<U> failure)
        : m_state(std::in_place_index<1>, std::move(failure.error))
    {
    }

    bool hasValue() const { return m_state.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    T &value() & { return std::get<0>(m_state); }
    const T &value() const & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    T *operator->() { return &std::get<0>(m_state); }
    const T *operator->() const { return &std::get<0>(m_state); }
    T &operator*() & { return std::get<0>(m_state); }
    const T &operator*() const & { return std::get<0>(m_state); }

    const E &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, E> m_state;
};

// Expected<void, E>: success carries nothing.
struct Done { };

} // namespace switchboard
