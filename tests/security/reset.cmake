# Before the tests run: an empty secrets ledger and an empty HOME for them (see tests/CMakeLists.txt).
file(REMOVE_RECURSE "${LEDGER}" "${TEST_HOME}")
file(MAKE_DIRECTORY "${LEDGER}" "${TEST_HOME}")
