# The Debian package: `cpack -G DEB` in the build tree of the `package` preset (Release,
# prefix /usr) makes duka_<version>_<arch>.deb. One package holds the server, the shipped
# plugins, the SDK (headers, libduka_sdk, the CMake package, the scaffold, the test kit,
# the examples) and the docs; docs/design/operations.md says why one.
install(FILES packaging/duka.ini DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/duka)
install(FILES packaging/duka.service packaging/duka.socket DESTINATION /lib/systemd/system)
install(PROGRAMS packaging/duka-admin DESTINATION ${CMAKE_INSTALL_SBINDIR})
# duka-ussd: the USSD simulator (scripts/ussd), for an operator trying the menus.
install(PROGRAMS scripts/ussd DESTINATION ${CMAKE_INSTALL_BINDIR} RENAME duka-ussd)
install(FILES README.md docs/api.md docs/operator-guide.md docs/plugin-guide.md
              docs/sms-provider-guide.md docs/settings-reference.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME duka)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "duka")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "plugin-based order-management server")
set(CPACK_PACKAGE_DESCRIPTION
    "duka serves a REST API for a shop's customers, inventory and orders, with an audit log
and SMS notifications, each a plugin. SQLite is the embedded default; PostgreSQL serves
several instances at once. The package runs duka under systemd as the duka user, with its
state in /var/lib/duka, and ships the SDK for plugin authors.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # duka_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "duka developers <duka@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the libraries the binaries link (dpkg-shlibdeps), plus what the maintainer
# scripts run.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libduka_sdk is the package's own: dpkg-shlibdeps finds it in the staging tree.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS .${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR})
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd, init-system-helpers (>= 1.54)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3")  # duka-ussd
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)

# ctest --preset package: build the package, install it, run it, purge it (root only: it
# changes the machine; packaging/test-package says what it checks). 77 means skipped.
enable_testing()
add_test(NAME package.install_serve_purge
         COMMAND ${PROJECT_SOURCE_DIR}/packaging/test-package ${PROJECT_BINARY_DIR})
set_tests_properties(package.install_serve_purge PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
