package org.posnet.host.link;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.posnet.common.db.Database;
import org.posnet.host.auth.Reason;
import org.posnet.host.auth.RemoteIssuer;
import org.posnet.host.auth.RequestKey;
import org.posnet.host.auth.ResponseCodes;
import org.posnet.host.auth.AuthPolicy;
import org.posnet.host.hsm.Hsm;
import org.posnet.host.hsm.HsmException;
import org.posnet.host.hsm.KeyUsage;
import org.posnet.host.iso.Dialect;
import org.posnet.host.iso.IsoCodec;

/**
 * The acquirer's BIN → link table: a card goes to the link whose BIN is its longest prefix. Zone keys are
 * imported into the HSM here, once, at start.
 */
public final class RemoteIssuers implements RemoteIssuer, AutoCloseable {
    private final List<IssuerLink> links;

    /** @param lmk seals the stored 0420 advices, which hold card numbers */
    public RemoteIssuers(List<RemoteIssuerConfig> configs, Hsm hsm, Database db, org.posnet.common.crypto.MasterKey lmk,
            ResponseCodes codes, AuthPolicy policy) {
        ReversalStore store = new ReversalStore(db, lmk);
        this.links = configs.stream().map(c -> {
            IsoCodec codec = new IsoCodec(c.dialectFile() == null ? linkDialect() : Dialect.load(c.dialectFile()));
            try {
                return new IssuerLink(c, hsm, codec, codes,
                        ZoneKeys.load(hsm, KeyUsage.ZPK, c.scheme(), c.zpkHex(), c.zpkCheckValue(), "host.links[" + c.name() + "].zpk"),
                        new LinkMac(hsm, codec, policy.tdesMac(), c.zoneMakHex() == null ? null : ZoneKeys.load(hsm, KeyUsage.MAK,
                                c.scheme(), c.zoneMakHex(), c.zoneMakCheckValue(), "host.links[" + c.name() + "].zoneMak")),
                        store, policy.stateRetention());
            } catch (HsmException e) {
                throw new IllegalArgumentException("host.links[" + c.name() + "]: zone key refused (" + e.error() + ")");
            }
        }).toList();
    }

    /** The built-in host-to-host dialect: the POS dialect plus fields 7 and 90. */
    public static Dialect linkDialect() {
        return Dialect.fromResource("/iso/cup-link.yaml");
    }

    /** Settles what a previous run left open (see {@link IssuerLink#start}) and starts sending owed 0420s. */
    public void start(Predicate<RequestKey> reversalOwed) {
        links.forEach(l -> l.start(reversalOwed));
    }

    @Override
    public String linkFor(String pan) {
        IssuerLink link = link(pan);
        return link == null ? null : link.config.name();
    }

    private IssuerLink link(String pan) {
        IssuerLink best = null;
        int bestLength = 0;
        for (IssuerLink l : links) {
            int n = l.longestBin(pan);
            if (n > bestLength) {
                best = l;
                bestLength = n;
            }
        }
        return best;
    }

    @Override
    public CompletableFuture<Answer> forward(Forward request) {
        return link(request.pan()).forward(request);
    }

    @Override
    public void answered(long handle, Reason reason) {
        // the handle is the row id, unique over all links: any link's thread may write it
        links.get(0).answered(handle, reason);
    }

    @Override
    public void reversed(RequestKey original) {
        links.forEach(l -> l.reversed(original));
    }

    /** Reversal rows per link and status, e.g. {@code {issuer-a={ACKED=3, DONE=40}}}. */
    public Map<String, Map<String, Integer>> reversalCounts() {
        Map<String, Map<String, Integer>> m = new TreeMap<>();
        links.forEach(l -> m.put(l.config.name(), l.reversalCounts()));
        return m;
    }

    @Override
    public void close() {
        links.forEach(IssuerLink::close);
    }
}
