package io.clonevip.lab.net;

/** A lab could not be set up or driven. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) { super(message); }
}
