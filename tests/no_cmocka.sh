#!/bin/sh
# Run by make check in place of the unit tests when configure found no
# cmocka: fail, and say what to install, rather than pass having run none.
echo "ERROR: the unit tests need cmocka, which configure did not find:" >&2
echo "       install the Debian package libcmocka-dev and run configure again" >&2
exit 99
