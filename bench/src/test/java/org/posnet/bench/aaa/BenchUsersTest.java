package org.posnet.bench.aaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchUsersTest {

    private final BenchUsers users = new BenchUsers(1_000_000);

    @Test
    void userOneHasTheDocumentedShape() {
        assertThat(users.name(1)).isEqualTo("t00000001@POSBANK.133VPDN.SX");
        assertThat(users.imsi(1)).isEqualTo("460030000000001");
        assertThat(users.msisdn(1)).isEqualTo("13300000001");
        assertThat(users.framedIpText(1)).isEqualTo("10.64.0.1");
        assertThat(users.framedIpText(1_000_000)).isEqualTo("10.79.66.64");
        assertThat(users.password(1)).hasSize(BenchUsers.PASSWORD_LENGTH).matches("[a-z2-9]{12}");
    }

    @Test
    void isDeterministicAndFixedWidth() {
        BenchUsers again = new BenchUsers(1_000_000);
        for (int i : new int[] {1, 2, 99_999, 1_000_000}) {
            assertThat(again.password(i)).isEqualTo(users.password(i));
            assertThat(users.name(i)).hasSize(BenchUsers.NAME_LENGTH);
            assertThat(users.imsi(i)).hasSize(BenchUsers.IMSI_LENGTH);
        }
    }

    @Test
    void passwordsAndAddressesAreDistinct() {
        Set<String> passwords = new HashSet<>();
        Set<Integer> addresses = new HashSet<>();
        for (int i = 1; i <= 200_000; i++) {
            passwords.add(users.password(i));
            addresses.add(users.framedIp(i));
        }
        assertThat(passwords).hasSize(200_000);
        assertThat(addresses).hasSize(200_000);
    }

    @Test
    void rejectsCountsTheSlash12PoolCannotHoldAndUsersOutsideTheRange() {
        assertThatThrownBy(() -> new BenchUsers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BenchUsers(BenchUsers.MAX_USERS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BenchUsers(BenchUsers.MAX_USERS).framedIpText(BenchUsers.MAX_USERS)).isEqualTo("10.79.255.254");
        assertThatThrownBy(() -> new BenchUsers(10).name(11)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
