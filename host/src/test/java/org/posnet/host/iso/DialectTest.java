package org.posnet.host.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialectTest {

    @Test
    void unionPayPos_matchesCup8583() {
        Dialect d = Dialect.unionPayPos();

        assertThat(d.name()).isEqualTo("cup-pos");
        assertThat(d.framing()).isEqualTo(Framing.UNIONPAY);
        assertThat(d.field(2)).extracting(FieldSpec::type, FieldSpec::length, FieldSpec::max, FieldSpec::prefix)
                .containsExactly(FieldType.NUMERIC, LengthKind.LLVAR, 19, PrefixEncoding.BCD);
        assertThat(d.field(22).padding()).isEqualTo(Padding.RIGHT_0);
        assertThat(d.field(35).type()).isEqualTo(FieldType.TRACK);
        assertThat(d.field(36)).extracting(FieldSpec::length, FieldSpec::max).containsExactly(LengthKind.LLLVAR, 104);
        assertThat(d.field(48)).extracting(FieldSpec::length, FieldSpec::max).containsExactly(LengthKind.LLLVAR, 322);
        assertThat(d.field(52)).extracting(FieldSpec::type, FieldSpec::max).containsExactly(FieldType.BINARY, 8);
        assertThat(d.field(55).length()).isEqualTo(LengthKind.LLLVAR);
        assertThat(d.field(60).max()).isEqualTo(17);
        assertThat(d.subfields(60).parts()).extracting(SubfieldSpec::number, SubfieldSpec::length)
                .startsWith(org.assertj.core.groups.Tuple.tuple(1, 2), org.assertj.core.groups.Tuple.tuple(2, 6),
                        org.assertj.core.groups.Tuple.tuple(3, 3));
        assertThat(d.field(64)).extracting(FieldSpec::type, FieldSpec::max).containsExactly(FieldType.BINARY, 8);
        for (int ascii : new int[] {37, 38, 39, 41, 42, 49}) {
            assertThat(d.field(ascii).type()).as("field " + ascii).isEqualTo(FieldType.ASCII);
        }
        assertThat(d.field(8)).isNull();
    }

    @Test
    void load_readsABanksVariantFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bank-x.yaml");
        Files.writeString(file, """
                name: bank-x
                framing: { lengthCounts: message }
                defaultPad: right-F
                fields:
                  - { number: 2, name: PAN, type: n, length: llvar, max: 19 }
                  - { number: 60, name: reserved, type: n, length: lllvar, max: 13,
                      subfields: [ { number: 1, name: type, length: 2 }, { number: 2, name: batch, length: 6 },
                                   { number: 3, name: code, length: 3, optional: true } ] }
                """);

        Dialect d = Dialect.load(file);

        assertThat(d.source()).isEqualTo(file.toString());
        assertThat(d.framing().lengthCountsTpduAndHeader()).isFalse();
        assertThat(d.field(2).padding()).isEqualTo(new Padding(Padding.Side.RIGHT, 0xF));
        assertThat(d.field(60).max()).isEqualTo(13);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "{ number: 52, name: PIN, type: b, length: fixed, max: 8, pad: right-0 }|field 52 (PIN)|padding applies only to BCD fields",
        "{ number: 41, name: TID, type: ans, length: fixed, max: 8, pad: left-F }|field 41 (TID)|padding applies only to BCD fields",
        "{ number: 4, name: amount, type: n, length: fixed, max: 0 }|field 4 (amount)|max must be positive",
        "{ number: 2, name: PAN, type: n, length: llvar, max: 100 }|field 2 (PAN)|does not fit a LLVAR BCD prefix",
        "{ number: 3, name: pc, type: n, length: fixed, max: 6, prefix: bcd }|field 3 (pc)|a fixed field has no length prefix",
        "{ number: 3, name: pc, type: x, length: fixed, max: 6 }|field 3 (pc)|type 'x' must be n, z, ans or b",
        "{ number: 3, name: pc, type: n, length: varying, max: 6 }|field 3 (pc)|length 'varying'",
        "{ number: 3, name: pc, type: n, length: fixed, max: 6, colour: red }|field 3|unknown key 'colour'",
        "{ number: 1, name: bitmap, type: b, length: fixed, max: 8 }|field 1|number must be 2..128",
        "{ number: 3, type: n, length: fixed, max: 6 }|field 3|'name' is required",
        "{ number: 62, name: keys, type: b, length: lllvar, max: 60, subfields: [ { number: 1, name: a, length: 2 } ] }|field 62 (keys)|a binary field cannot have sub-fields",
        "{ number: 60, name: r, type: n, length: lllvar, max: 5, subfields: [ { number: 1, name: a, length: 2 }, { number: 2, name: b, length: 6 } ] }|field 60 (r)|sub-fields add up to 8, more than max 5",
        "{ number: 60, name: r, type: n, length: lllvar, max: 17, subfields: [ { number: 1, name: a, length: 2, optional: true }, { number: 2, name: b, length: 6 } ] }|field 60 (r) sub-field 2|a required sub-field cannot follow an optional one",
        "{ number: 60, name: r, type: n, length: lllvar, max: 17, subfields: [ { number: 1, name: a, length: 2 }, { number: 1, name: b, length: 6 } ] }|field 60 (r) sub-field 1|defined twice",
    })
    void load_refusesContradictions_namingFileAndField(String field, String where, String reason) {
        String yaml = "name: broken\nfields:\n  - " + field + "\n";

        assertThatThrownBy(() -> Dialect.parse("broken.yaml", yaml.getBytes()))
                .isInstanceOf(InvalidDialectException.class)
                .hasMessageStartingWith("dialect broken.yaml: " + where)
                .hasMessageContaining(reason);
    }

    @Test
    void load_refusesADuplicateFieldNumber() {
        String yaml = """
                name: dup
                fields:
                  - { number: 11, name: trace, type: n, length: fixed, max: 6 }
                  - { number: 11, name: trace again, type: n, length: fixed, max: 6 }
                """;
        assertThatThrownBy(() -> Dialect.parse("dup.yaml", yaml.getBytes()))
                .isInstanceOf(InvalidDialectException.class)
                .hasMessage("dialect dup.yaml: field 11: defined twice");
    }

    @Test
    void load_refusesUnsupportedFramingAndBadYaml() {
        assertThatThrownBy(() -> Dialect.parse("f.yaml", "name: f\nframing: { tpdu: 4 }\nfields: []\n".getBytes()))
                .hasMessageContaining("dialect f.yaml: framing: tpdu 4");
        assertThatThrownBy(() -> Dialect.parse("f.yaml", "name: f\nframing: { lengthCounts: some }\nfields: []\n".getBytes()))
                .hasMessageContaining("lengthCounts 'some'");
        assertThatThrownBy(() -> Dialect.parse("y.yaml", "name: [unclosed\n".getBytes()))
                .isInstanceOf(InvalidDialectException.class).hasMessageStartingWith("dialect y.yaml: not valid YAML");
        assertThatThrownBy(() -> Dialect.fromResource("/iso/none.yaml"))
                .hasMessageContaining("/iso/none.yaml: no such dialect resource");
    }
}
