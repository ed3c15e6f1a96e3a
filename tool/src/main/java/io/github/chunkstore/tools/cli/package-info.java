/**
 * The {@code chunkstore} command-line tool: {@code stats}, {@code check}, {@code convert}, {@code
 * get}, {@code estimate} and {@code demo}, built with picocli and packaged with its dependencies as
 * {@code tool/target/chunkstore-tool-<version>.jar} ({@code java -jar chunkstore-tool-<version>.jar
 * --help}).
 *
 * <p>Mistakes a person makes (a path that is not an index, an index another process is writing, a
 * codec that is not on the class path) end with one line on standard error and a non-zero exit
 * code: 2 for usage errors, 1 for anything else; {@code --verbose} adds the stack trace.
 */
package io.github.chunkstore.tools.cli;
