package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link IsoMessage} and its builder against a plain sorted map: after any mix of with, without,
 * withFieldsOf, withMti and toBuilder, every message reads as the map says, and messages built earlier
 * have not changed.
 */
class IsoMessageModelTest {

    /** One step: 0 with String, 1 with bytes, 2 without, 3 build and carry on from toBuilder, 4 withFieldsOf, 5 withMti. */
    record Op(int kind, int field, String text, byte[] bytes, Set<Integer> except) {
    }

    @Property(tries = 2000)
    void messagesReadAsTheModelSays(@ForAll("ops") List<Op> ops) {
        IsoMessage other = CupMessages.sale().with(90, "x").with(128, new byte[] {1, 2});
        TreeMap<Integer, Object> model = new TreeMap<>();
        String mti = "0200";
        IsoMessage.Builder b = IsoMessage.builder(mti);
        List<IsoMessage> built = new ArrayList<>();
        List<Map<Integer, Object>> expected = new ArrayList<>();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    b.with(op.field(), op.text());
                    model.put(op.field(), op.text());
                }
                case 1 -> {
                    byte[] value = op.bytes().clone();
                    b.with(op.field(), value);
                    value[0] ^= 1; // the builder took a copy
                    model.put(op.field(), op.bytes());
                }
                case 2 -> {
                    b.without(op.field());
                    model.remove(op.field());
                }
                case 3 -> {
                    IsoMessage m = b.build();
                    built.add(m);
                    expected.add(new TreeMap<>(model));
                    b = m.toBuilder();
                }
                case 4 -> {
                    b.withFieldsOf(other, op.except());
                    other.fields().forEach((n, v) -> {
                        if (!op.except().contains(n)) {
                            model.put(n, v);
                        }
                    });
                }
                default -> {
                    IsoMessage m = b.build().withMti("0210");
                    mti = "0210";
                    built.add(m);
                    expected.add(new TreeMap<>(model));
                    b = m.toBuilder();
                }
            }
        }
        built.add(b.build());
        expected.add(new TreeMap<>(model));
        for (int i = 0; i < built.size(); i++) {
            assertReadsAs(built.get(i), expected.get(i));
        }
        assertThat(built.get(built.size() - 1).mti()).isEqualTo(mti);
    }

    private static void assertReadsAs(IsoMessage m, Map<Integer, Object> model) {
        assertThat(IsoCodecDifferentialTest.comparable(m.fields())).isEqualTo(IsoCodecDifferentialTest.comparable(model));
        assertThat(List.copyOf(m.fieldNumbers())).isEqualTo(List.copyOf(model.keySet()));
        assertThat(m.fieldNumbers()).hasSize(model.size()).isEqualTo(model.keySet());
        for (int n = -1; n <= 130; n++) {
            Object v = model.get(n);
            assertThat(m.has(n)).isEqualTo(v != null);
            assertThat(m.fieldNumbers().contains(n)).isEqualTo(v != null);
            if (v instanceof byte[] bytes) {
                assertThat(m.bytes(n)).isEqualTo(bytes);
                assertThat((byte[]) m.value(n)).isEqualTo(bytes);
                int field = n;
                assertThatThrownBy(() -> m.string(field)).isInstanceOf(IllegalStateException.class);
            } else {
                assertThat(m.string(n)).isEqualTo(v);
                assertThat(m.value(n)).isEqualTo(v);
                if (v != null) {
                    int field = n;
                    assertThatThrownBy(() -> m.bytes(field)).isInstanceOf(IllegalStateException.class);
                }
            }
        }
        // the same fields put in another order make an equal message
        IsoMessage.Builder fresh = IsoMessage.builder(m.mti());
        model.keySet().stream().sorted((x, y) -> y - x).forEach(n -> {
            if (model.get(n) instanceof byte[] bytes) {
                fresh.with(n, bytes);
            } else {
                fresh.with(n, (String) model.get(n));
            }
        });
        IsoMessage same = fresh.build();
        assertThat(same).isEqualTo(m);
        assertThat(same.hashCode()).isEqualTo(m.hashCode());
        if (!(model.get(2) instanceof byte[] || model.get(35) instanceof byte[] || model.get(36) instanceof byte[])) {
            // (the masked dump expects text in the PAN and track fields)
            assertThat(same.toString()).isEqualTo(m.toString());
        }
    }

    @Example
    void handedOutViewsAndCopiesCannotChangeTheMessage() {
        IsoMessage m = CupMessages.sale();
        Set<Integer> numbers = m.fieldNumbers();

        assertThatThrownBy(() -> numbers.add(5)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> numbers.remove(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(numbers::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.fields().put(5, "x")).isInstanceOf(UnsupportedOperationException.class);
        ((byte[]) m.fields().get(52))[0] = 0;
        ((byte[]) m.value(52))[0] = 0;
        assertThat(m.bytes(52)).isEqualTo(CupMessages.PIN_BLOCK);
        assertThat(m.fieldNumbers()).containsExactly(2, 3, 4, 11, 14, 22, 25, 26, 35, 41, 42, 49, 52, 53, 60, 64);
    }

    @Example
    void aBuilderKeepsWorkingAfterBuild_withoutTouchingWhatItBuilt() {
        IsoMessage.Builder b = IsoMessage.builder("0200").with(11, "000001");
        IsoMessage first = b.build();
        b.with(3, "000000").with(11, "000002").without(41);
        IsoMessage second = b.build();
        b.without(3);

        assertThat(first.fieldNumbers()).containsExactly(11);
        assertThat(first.string(11)).isEqualTo("000001");
        assertThat(second.fieldNumbers()).containsExactly(3, 11);
        assertThat(second.string(11)).isEqualTo("000002");
        assertThat(b.build().fieldNumbers()).containsExactly(11);
    }

    @Example
    void withFieldsOf_takesAnySet_andTheSameSetChangedBetweenCalls() {
        IsoMessage request = CupMessages.sale();
        Set<Integer> except = new HashSet<>(Set.of(2, 35));
        IsoMessage a = IsoMessage.builder("0210").withFieldsOf(request, except).build();
        except.add(3);
        IsoMessage b = IsoMessage.builder("0210").withFieldsOf(request, except).build();

        assertThat(a.has(2) || a.has(35)).isFalse();
        assertThat(a.has(3)).isTrue();
        assertThat(b.has(3)).isFalse();
        assertThat(IsoMessage.builder("0210").withFieldsOf(request, Set.of(3)).build().has(3)).isFalse();
        assertThat(IsoMessage.builder("0210").withFieldsOf(request, Set.of(3, 4)).build().has(3)).isFalse();
        assertThat(IsoMessage.builder("0210").withFieldsOf(request, Set.of()).build().fieldNumbers())
                .isEqualTo(request.fieldNumbers());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> field = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(2, 128)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(2, 63, 64, 65, 66, 127, 128)));
        Arbitrary<String> text = Arbitraries.strings().alpha().numeric().ofMaxLength(6);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4);
        Arbitrary<Set<Integer>> immutable = Arbitraries.integers().between(2, 128).set().ofMaxSize(12).map(Set::copyOf);
        Arbitrary<Set<Integer>> mutable = Arbitraries.integers().between(2, 128).set().ofMaxSize(12).map(HashSet::new);
        Arbitrary<Set<Integer>> replies = Arbitraries.just(Set.of(14, 22, 26, 35, 36, 48, 52, 53, 55, 62, 63, 64));
        Arbitrary<Set<Integer>> except = Arbitraries.oneOf(immutable, mutable, replies);
        return Combinators.combine(Arbitraries.integers().between(0, 5), field, text, bytes, except).as(Op::new)
                .list().ofMaxSize(25);
    }
}
