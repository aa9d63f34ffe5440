package org.posnet.bench.aaa;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the {@code files} module's users file for {@link BenchUsers}: the password and the IMSI (as
 * Calling-Station-Id) are checked, as PosNet checks them for a bank-side (role lns) client, and an accept
 * carries the attributes PosNet's lns accept carries, with each user's own framed address.
 */
public final class FreeRadiusUsersFile {

    private FreeRadiusUsersFile() {
    }

    public static void write(Path file, BenchUsers users) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder entry = new StringBuilder(320);
            for (int i = 1; i <= users.count(); i++) {
                entry.setLength(0);
                entry.append(users.name(i))
                        .append(" Cleartext-Password := \"").append(users.password(i))
                        .append("\", Calling-Station-Id == \"").append(users.imsi(i)).append("\"\n")
                        .append("\tService-Type = Framed-User,\n")
                        .append("\tFramed-Protocol = PPP,\n")
                        .append("\tFramed-IP-Address = ").append(users.framedIpText(i)).append(",\n")
                        .append("\tFramed-IP-Netmask = ").append(BenchUsers.FRAMED_NETMASK).append(",\n")
                        .append("\tSession-Timeout = ").append(BenchUsers.SESSION_TIMEOUT_SECONDS).append(",\n")
                        .append("\tAcct-Interim-Interval = ").append(BenchUsers.ACCT_INTERIM_SECONDS).append("\n\n");
                out.append(entry);
            }
        }
    }
}
