package org.posnet.host.hsm;

/** One working key in both forms a sign-on needs: under the LMK to store, under the TMK to send. */
public record WorkingKey(KeyUnderLmk underLmk, KeyUnderTmk underTmk) {
}
