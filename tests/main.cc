#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <xapian.h>

// A Xapian error escaping a test says what it is, not "Unknown exception".
CATCH_TRANSLATE_EXCEPTION(const Xapian::Error& e) { return e.get_description(); }
