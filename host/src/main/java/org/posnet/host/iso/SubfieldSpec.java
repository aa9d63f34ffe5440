package org.posnet.host.iso;

/**
 * One sub-field of a composite field such as 60 (60.1 transaction type n2, 60.2 batch n6, …).
 *
 * @param number   the number after the dot (3 for 60.3)
 * @param length   digits (or characters) when fixed; the maximum when {@code variable}
 * @param optional may be absent, together with every sub-field after it
 * @param variable takes whatever is left of the field (only the last sub-field may)
 */
public record SubfieldSpec(int number, String name, int length, boolean optional, boolean variable) {
}
