package org.posnet.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.posnet.common.config.ConfigException;
import org.posnet.common.config.PosnetConfig;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.StoredZoneKey;
import org.posnet.host.hsm.KeyScheme;
import org.posnet.host.link.IssuerModeConfig;
import org.posnet.host.link.LinkConfig;
import org.posnet.host.link.RemoteIssuerConfig;

/**
 * posnet.yaml's {@code host.links} and {@code host.issuer} → the host's {@link LinkConfig}. Zone keys are named in
 * the config and looked up among the provisioned ones (fleet file {@code zoneKeys}); they reach the host still
 * sealed under the master key, with the ceremony's check value for the HSM to verify.
 */
final class IssuerLinks {
    private IssuerLinks() {
    }

    static LinkConfig of(PosnetConfig config, FleetStore fleet) {
        PosnetConfig.HostConfig host = config.host();
        List<RemoteIssuerConfig> remotes = new ArrayList<>();
        for (int i = 0; i < host.links().size(); i++) {
            PosnetConfig.HostLink l = host.links().get(i);
            String path = "host.links[" + i + "]";
            StoredZoneKey zpk = zoneKey(fleet, path + ".zpk", l.zpk());
            StoredZoneKey mak = l.zoneMak() == null ? null : zoneKey(fleet, path + ".zoneMak", l.zoneMak());
            remotes.add(new RemoteIssuerConfig(l.name(), l.bins(), l.host(), l.port(), l.timeout(), zpk.keySealed(),
                    mak == null ? null : mak.keySealed(), scheme(path, zpk, mak), l.acquirerInstitution(), l.retryInitial(),
                    l.retryMax(), l.dialect() == null ? null : Path.of(l.dialect()), zpk.checkValue(),
                    mak == null ? null : mak.checkValue(), linkTls(l.tls())));
        }
        IssuerModeConfig issuer = null;
        if (host.issuer() != null) {
            PosnetConfig.HostIssuer is = host.issuer();
            StoredZoneKey zpk = zoneKey(fleet, "host.issuer.zpk", is.zpk());
            StoredZoneKey mak = is.zoneMak() == null ? null : zoneKey(fleet, "host.issuer.zoneMak", is.zoneMak());
            issuer = new IssuerModeConfig(is.bind(), is.port(), zpk.keySealed(), mak == null ? null : mak.keySealed(),
                    scheme("host.issuer", zpk, mak), is.dialect() == null ? null : Path.of(is.dialect()), zpk.checkValue(),
                    mak == null ? null : mak.checkValue(), issuerTls(is.tls()));
        }
        return new LinkConfig(issuer, remotes);
    }

    /** File names only; the host reads the files when the link is created (errors name the key and the file). */
    private static RemoteIssuerConfig.Tls linkTls(PosnetConfig.LinkTls t) {
        return t == null ? null : new RemoteIssuerConfig.Tls(Path.of(t.ca()), path(t.certificate()), path(t.privateKey()));
    }

    private static IssuerModeConfig.Tls issuerTls(PosnetConfig.HostTls t) {
        return t == null ? null : new IssuerModeConfig.Tls(Path.of(t.certificate()), Path.of(t.privateKey()), path(t.clientCa()));
    }

    private static Path path(String file) {
        return file == null ? null : Path.of(file);
    }

    private static StoredZoneKey zoneKey(FleetStore fleet, String path, String name) {
        return fleet.zoneKey(name).orElseThrow(() -> new ConfigException(path + ": no zone key named \"" + name
                + "\" is provisioned; add it under zoneKeys: in the fleet file and run posnet provision"));
    }

    private static KeyScheme scheme(String path, StoredZoneKey zpk, StoredZoneKey mak) {
        if (mak != null && !mak.scheme().equals(zpk.scheme())) {
            throw new ConfigException(path + ": zpk " + zpk.name() + " is " + zpk.scheme() + " but zoneMak " + mak.name()
                    + " is " + mak.scheme() + "; a link's zone keys share one scheme");
        }
        return KeyScheme.valueOf(zpk.scheme());
    }
}
