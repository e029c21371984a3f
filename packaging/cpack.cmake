# Desktop integration files and the binary package (CPack: DEB and TGZ).
# Included from the top-level CMakeLists.txt so CPackConfig.cmake lands in the
# build directory root: `cpack -G DEB` / `cpack -G TGZ` from there.
include(GNUInstallDirs)

# SELLER_HISTORY_APP_ID (top-level CMakeLists.txt) names the .desktop file,
# the AppStream component and the icon; they must agree or software centres
# do not connect them, and the app announces it as its desktop file name.
set(_linux "${CMAKE_CURRENT_LIST_DIR}/linux")
set(_icons "${PROJECT_SOURCE_DIR}/resources/icons")

install(FILES "${_linux}/${SELLER_HISTORY_APP_ID}.desktop"
    DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/applications")
install(FILES "${_linux}/${SELLER_HISTORY_APP_ID}.metainfo.xml"
    DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/metainfo")
install(FILES "${_icons}/seller-history.svg"
    DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps"
    RENAME "${SELLER_HISTORY_APP_ID}.svg")
# PNG renders of the SVG, committed (rsvg-convert -w N -h N), for desktops
# that do not read the scalable icon.
foreach(size IN ITEMS 48 128 256)
    install(FILES "${_icons}/hicolor/${size}x${size}/apps/${SELLER_HISTORY_APP_ID}.png"
        DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/${size}x${size}/apps")
endforeach()

# The manual page: plain roff in the source tree, installed compressed as
# Debian policy asks (gzip -9n: best compression, no name or time stamp, so
# the package is reproducible). Built with `all`, as cpack does not build.
# tests/packaging checks the page against the program's --help.
find_program(SELLER_HISTORY_GZIP gzip REQUIRED)
set(SELLER_HISTORY_MANPAGE "${_linux}/seller-history.1")
set(SELLER_HISTORY_MANPAGE_GZ "${PROJECT_BINARY_DIR}/packaging/seller-history.1.gz")
add_custom_command(
    OUTPUT "${SELLER_HISTORY_MANPAGE_GZ}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/packaging"
    COMMAND "${SELLER_HISTORY_GZIP}" -9n -c "${SELLER_HISTORY_MANPAGE}"
        > "${SELLER_HISTORY_MANPAGE_GZ}"
    DEPENDS "${SELLER_HISTORY_MANPAGE}"
    COMMENT "Compressing the manual page seller-history.1"
    VERBATIM)
add_custom_target(seller-history-manpage ALL DEPENDS "${SELLER_HISTORY_MANPAGE_GZ}")
install(FILES "${SELLER_HISTORY_MANPAGE_GZ}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

set(SELLER_HISTORY_PACKAGE_MAINTAINER
    "Seller History maintainers <maintainers@users.noreply.r-seed-36644281.example>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME "seller-history")
set(CPACK_PACKAGE_VENDOR "Seller History maintainers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines under 80 columns: CPackDeb copies them into the control file as they are.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Seller History shows the seller audit log (who added, edited, removed,"
    "exported or flagged which sellers) page by page, flags or unflags many"
    "sellers at once, and exports the history or the sellers to CSV. It reads"
    "the upstream REST API, the upstream Postgres database, or an embedded"
    "SQLite demo database that needs no server.")
# The project's homepage is a placeholder; no Homepage field rather than a wrong one.
set(CPACK_PACKAGE_HOMEPAGE_URL "")
set(CPACK_PACKAGE_CONTACT "${SELLER_HISTORY_PACKAGE_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_GENERATOR "DEB;TGZ")

set(CPACK_DEBIAN_PACKAGE_NAME "seller-history")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SELLER_HISTORY_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# dpkg-shlibdeps (package dpkg-dev) finds the libraries the binary links; the
# Qt plugins loaded at run time (SQL drivers, SVG icons) it cannot see.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libsecret is QtKeychain's way to the Secret Service, loaded at run time too;
# a keychain service itself is recommended (without one, secrets are asked
# for at each connection).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6sql6-psql, libqt6svg6, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager")

include(CPack)
