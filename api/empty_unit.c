/* libweir.so is built from the folder archives; CMake needs one source of its own. */
