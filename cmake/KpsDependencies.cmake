# Every external library the station builds against, found once.
find_package(PkgConfig REQUIRED)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Sql Gui Widgets Charts Test Concurrent LinguistTools)
find_package(OpenSSL 3.0 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(valijson REQUIRED)
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0)
pkg_check_modules(P11KIT REQUIRED IMPORTED_TARGET p11-kit-1)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
pkg_check_modules(UMOCKDEV IMPORTED_TARGET umockdev-1.0)
pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)
# Flash algorithms and target firmware (Cortex-M) are built with Debian's cross compiler.
find_program(KPS_ARM_GCC arm-none-eabi-gcc REQUIRED)
