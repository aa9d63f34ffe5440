package org.posnet.aaa.dictionary;

/** A dictionary file that cannot be used; the message names the file and line. */
public final class DictionaryException extends Exception {
  public DictionaryException(String message) {
    super(message);
  }
}
