package org.posnet.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlTreeTest {

  @Test
  void parse_keepsLineAndColumnOfValuesAndKeys() throws Exception {
    YamlNode root = YamlTree.parse("t.yaml", "a: 1\nb:\n  c: \"x\"\n  d: [p, q]\n");
    YamlNode.Mapping m = (YamlNode.Mapping) root;
    YamlNode.Entry b = m.entries().get("b");
    assertThat(b.keyMark()).isEqualTo(new Mark("t.yaml", 2, 1));
    YamlNode.Mapping inner = (YamlNode.Mapping) b.value();
    YamlNode.Scalar c = (YamlNode.Scalar) inner.entries().get("c").value();
    assertThat(c.text()).isEqualTo("x");
    assertThat(c.type()).isEqualTo(YamlNode.ScalarType.STRING);
    assertThat(c.mark()).isEqualTo(new Mark("t.yaml", 3, 6));
    YamlNode.Sequence d = (YamlNode.Sequence) inner.entries().get("d").value();
    assertThat(d.items()).extracting(n -> ((YamlNode.Scalar) n).text()).containsExactly("p", "q");
    assertThat(((YamlNode.Scalar) m.entries().get("a").value()).type()).isEqualTo(YamlNode.ScalarType.INTEGER);
  }

  @Test
  void parse_keepsTheExactTextOfNumbers() throws Exception {
    YamlNode.Mapping m = (YamlNode.Mapping) YamlTree.parse("t", "amount: 5000.00\narea: 010105\n");
    assertThat(((YamlNode.Scalar) m.entries().get("amount").value()).text()).isEqualTo("5000.00");
    assertThat(((YamlNode.Scalar) m.entries().get("area").value()).text()).isEqualTo("010105");
  }

  @Test
  void parse_emptyDocumentIsAnEmptyMapping() throws Exception {
    assertThat(((YamlNode.Mapping) YamlTree.parse("t", "")).entries()).isEmpty();
  }

  @Test
  void parse_refusesDuplicateKeysAtTheSecondKey() {
    assertThatThrownBy(() -> YamlTree.parse("t.yaml", "a: 1\nb: 2\na: 3\n"))
        .isInstanceOf(YamlSyntaxException.class)
        .hasMessage("t.yaml:3:1: duplicate key 'a'");
  }

  @Test
  void parse_reportsSyntaxErrorsWithPositionOnOneLine() {
    assertThatThrownBy(() -> YamlTree.parse("t.yaml", "a: [1, 2\nb: 3\n"))
        .isInstanceOf(YamlSyntaxException.class)
        .satisfies(e -> {
          YamlSyntaxException s = (YamlSyntaxException) e;
          assertThat(s.mark().line()).isPositive();
          assertThat(s.reason()).startsWith("not valid YAML: ").doesNotContain("\n");
        });
  }

  @Test
  void mappingReader_reportsWrongTypesAndUnknownKeysAndCarriesOn() throws Exception {
    YamlNode root = YamlTree.parse("t.yaml", "port: abc\nflag: maybe\nlist: {x: 1}\nextra: 1\nok: 7\n");
    List<YamlProblem> problems = new ArrayList<>();
    MappingReader r = MappingReader.of(root, "sec", problems::add);
    assertThat(r.integer("port")).isNull();
    assertThat(r.bool("flag")).isNull();
    assertThat(r.texts("list")).isNull();
    assertThat(r.integer("ok", 0)).isEqualTo(7);
    assertThat(r.integer("absent", 42)).isEqualTo(42);
    r.rejectUnknown(List.of("port", "flag", "list", "ok"));
    assertThat(problems).extracting(p -> p.mark().line() + " " + p.path() + " " + p.message()).containsExactly(
        "1 sec.port expected an integer, got \"abc\"",
        "2 sec.flag expected true or false, got \"maybe\"",
        "3 sec.list expected a list, got a mapping",
        "4 sec.extra known: port, flag, list, ok");
    assertThat(problems.get(3).kind()).isEqualTo(YamlProblem.Kind.UNKNOWN_KEY);
  }

  @Test
  void mappingReader_absentMappingIsEmptyAndNotPresent() throws Exception {
    List<YamlProblem> problems = new ArrayList<>();
    MappingReader r = MappingReader.of(YamlTree.parse("t", "a: 1\n"), "", problems::add);
    MappingReader child = r.mapping("b");
    assertThat(child.present()).isFalse();
    assertThat(child.text("x", "dflt")).isEqualTo("dflt");
    assertThat(child.path()).isEqualTo("b");
    assertThat(r.mapping("a").present()).isFalse();
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("expected a mapping of keys, got integer 1"));
  }
}
