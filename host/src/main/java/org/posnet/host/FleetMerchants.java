package org.posnet.host;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.posnet.common.fleet.FleetStore;
import org.posnet.common.fleet.Merchant;
import org.posnet.host.ledger.MerchantDirectory;

/**
 * Merchants' MCCs for the ledger's MDR, from the fleet store. Read once per merchant: the fee is fixed
 * when a transaction is posted (and stored with it), so a later MCC change applies to later postings.
 */
final class FleetMerchants implements MerchantDirectory {
    private final FleetStore fleet;
    private final ConcurrentHashMap<String, Optional<String>> mccs = new ConcurrentHashMap<>();

    FleetMerchants(FleetStore fleet) {
        this.fleet = fleet;
    }

    @Override
    public String mcc(String merchantId) {
        Optional<String> mcc = mccs.get(merchantId);
        if (mcc == null) {
            reload(); // a merchant seen for the first time (provisioned since the last read)
            mcc = mccs.getOrDefault(merchantId, Optional.empty());
            mccs.putIfAbsent(merchantId, mcc);
        }
        return mcc.orElse(null);
    }

    private void reload() {
        for (Merchant m : fleet.merchants()) {
            mccs.put(m.id(), Optional.ofNullable(m.mcc()));
        }
    }
}
