// escapeXml() replaces exactly the five XML special characters by their entities, ampersands first so that existing entities are escaped once, and an XML parser reads every printable ASCII character back as it was.
import assert from "node:assert/strict";
import { decodeXML } from "entities";
import { escapeXml } from "../../../lib/core/render/xml_escape.ts";

Deno.test("escapeXml() escapes an existing entity's ampersand once: &lt; becomes &amp;lt;", () => {
  // Were "<" replaced before "&", "<" would come out as "&amp;lt;" and this as "&amp;amp;lt;".
  assert.equal(escapeXml("&lt;<"), "&amp;lt;&lt;");
});

Deno.test("escapeXml() leaves text without the five special characters as it is", () => {
  const plain = "latent 2 → 32: Δ 1.5 σ, 95 % [a, b] (n = 3) \\ / ` ~ \n\t";
  assert.equal(escapeXml(plain), plain);
});

Deno.test("escapeXml() output holds no raw < > \" ' and decodes back to every printable ASCII character", () => {
  const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
  const escaped = escapeXml(ascii);
  assert.doesNotMatch(escaped, /[<>"']/);
  assert.equal((escaped.match(/&/g) ?? []).length, 5, "one & per entity for the five specials");
  assert.equal(decodeXML(escaped), ascii);
});
