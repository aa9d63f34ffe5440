package org.posnet.host.iso;

/** One message as it travels on a terminal link, with its TPDU and header. */
public record IsoFrame(Tpdu tpdu, MessageHeader header, IsoMessage message) {

    public IsoFrame {
        if (tpdu == null || header == null || message == null) {
            throw new IllegalArgumentException("a frame needs a TPDU, a header and a message");
        }
    }

    /**
     * The frame carrying {@code response} back: TPDU swapped, the request's header with the host's
     * processing requirement.
     */
    public IsoFrame reply(IsoMessage response, ProcessingRequirement requirement) {
        return new IsoFrame(tpdu.reply(), header.with(requirement), response);
    }

    @Override
    public String toString() {
        return "IsoFrame[tpdu=" + tpdu + " header=" + header + " " + message + "]";
    }
}
