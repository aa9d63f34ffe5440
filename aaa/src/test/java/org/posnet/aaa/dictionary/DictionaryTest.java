package org.posnet.aaa.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.posnet.aaa.codec.Attr;
import org.posnet.aaa.codec.RadiusAttribute;
import org.posnet.aaa.codec.Tagged;

class DictionaryTest {
  @Test
  void standardDictionaries_nameTheAttributesThatVpdnUses() throws Exception {
    Dictionary d = Dictionary.standard();
    assertThat(d.attribute("Tunnel-Password").orElseThrow().encrypt()).isEqualTo(2);
    assertThat(d.attribute("tunnel-type").orElseThrow().hasTag()).isTrue();
    assertThat(d.attribute(Attr.VENDOR_3GPP, Attr.V3GPP_IMSI).orElseThrow().name()).isEqualTo("3GPP-IMSI");
    assertThat(d.attribute(0, Attr.MESSAGE_AUTHENTICATOR).orElseThrow().name()).isEqualTo("Message-Authenticator");
    assertThat(d.vendor("3GPP2")).contains(5535);
    assertThat(d.format(Tagged.integer(Attr.TUNNEL_TYPE, 1, 3))).isEqualTo("Tunnel-Type = L2TP:1");
    assertThat(d.format(RadiusAttribute.text(Attr.USER_PASSWORD, "hunter2"))).isEqualTo("User-Password = ***");
    assertThat(d.format(RadiusAttribute.ipv4(Attr.FRAMED_IP_ADDRESS, 0x0a400001))).isEqualTo("Framed-IP-Address = 10.64.0.1");
  }

  @Test
  void extraFile_inFreeRadiusFormat_isLoaded_withIncludes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("dictionary.bank"), "VENDOR Bank 99999\nBEGIN-VENDOR Bank\nATTRIBUTE Bank-Branch 1 string\nEND-VENDOR Bank\n$INCLUDE dictionary.more\n");
    Files.writeString(dir.resolve("dictionary.more"), "ATTRIBUTE Bank-Flag 241 integer\nVALUE Bank-Flag On 1\n");
    Dictionary d = Dictionary.standard(dir.resolve("dictionary.bank"));
    assertThat(d.attribute("Bank-Branch").orElseThrow().vendor()).isEqualTo(99999);
    assertThat(d.format(RadiusAttribute.integer(241, 1))).isEqualTo("Bank-Flag = On");
  }

  @Test
  void brokenFile_namesFileAndLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("dictionary.bad"), "# ok\nATTRIBUTE Foo 300 integer\n");
    assertThatThrownBy(() -> Dictionary.standard(dir.resolve("dictionary.bad"))).isInstanceOf(DictionaryException.class).hasMessageContaining("dictionary.bad:2");
    Files.writeString(dir.resolve("dictionary.bad2"), "ATTRIBUTE Foo 3 weird\n");
    assertThatThrownBy(() -> Dictionary.standard(dir.resolve("dictionary.bad2"))).hasMessageContaining("unknown data type");
    Files.writeString(dir.resolve("dictionary.bad3"), "$INCLUDE nowhere\n");
    assertThatThrownBy(() -> Dictionary.standard(dir.resolve("dictionary.bad3"))).hasMessageContaining("not found: nowhere");
  }
}
