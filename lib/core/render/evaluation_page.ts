/**
 * The evaluation page, read top-down: the question, the short answer with this run's numbers
 * and the figure, the live explorer (viewer only), the evidence, the per-digit table, what to
 * do in your own code, then the details (variance map, loss curve, ids, and every number of
 * metrics.json, rounded, in a collapsed section). Every word of the question, the answer and
 * the evidence is the evaluation's own report.md (written by lib/stages/evaluate/evaluate_report.ts),
 * split at its headings, never a second copy of that text. Served by the viewer and written
 * by evaluate as report.html (images inlined, no explorer), from this one renderer. Both
 * files come from an artifact, which may be someone else's: raw HTML in the markdown is shown
 * as text, links and images with a scheme other than http(s) (or mailto), however spelled
 * with character references, lose their target, and every value of metrics.json is text.
 */
import { Marked, Parser, type Token, type Tokens } from "marked";
import { numericLeaves } from "../runtime/json_numbers.ts";
import { decodeHTMLAttribute } from "entities";
import { escapeHtml, type Html, htmlTable, safeHtml, trustedMarkup } from "./html.ts";
import { isSafeUrl, safeUrl } from "./safe_url.ts";

/** The images the page shows, by file name. */
export type PageImage = "figure.png" | "variance_map.png" | "loss_curve.png";

/** What the page is made from. */
export interface EvaluationView {
  evaluateId: string;
  exportId: string;
  mnistId: string;
  /** The model the export came from, when known (its loss curve). */
  modelId?: string;
  reportMarkdown: string;
  metrics: unknown;
  /**
   * The answer's lines with this run's numbers, "label: text" (lib/stages/evaluate/answer_numbers.ts),
   * shown under the short answer when given.
   */
  answer?: string[];
}

/** Where the page's images come from: a URL (server) or a data: URI (report.html); undefined leaves one out. */
export type ImageSource = (name: PageImage) => string | undefined;

/** A Marked that escapes raw HTML and drops unsafe link and image targets (see {@link reportHtml}). */
function safeMarked(): Marked {
  return new Marked({
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
      // Text inside a raw <script> or <pre> span is marked as already escaped: escape it anyway.
      text(token: Tokens.Text | Tokens.Escape) {
        return "tokens" in token && token.tokens
          ? false
          : "escaped" in token && token.escaped
          ? escapeHtml(token.text)
          : false;
      },
      // Links and images are rendered here, never by marked's defaults: marked hands the target
      // with its character references encoded and writes it so, and the browser would decode
      // `&#106;avascript:` after the check. The decoded URL is what is checked and written.
      link(token: Tokens.Link) {
        // Autolinks and bare URLs are literal (marked resolves no references in them).
        const url = token.autolink ? (isSafeUrl(token.href) ? token.href : undefined) : safeUrl(token.href);
        const text = token.autolink ? escapeHtml(token.text) : this.parser.parseInline(token.tokens);
        if (url === undefined) return text;
        const title = token.title ? safeHtml` title="${decodeHTMLAttribute(token.title)}"` : "";
        return safeHtml`<a href="${url}"${title}>${trustedMarkup(text)}</a>`.markup;
      },
      image(token: Tokens.Image) {
        const alt = decodeHTMLAttribute(this.parser.parseInline(token.tokens, this.parser.textRenderer));
        const url = token.href === "" ? undefined : safeUrl(token.href, { dataImages: true });
        if (url === undefined) return escapeHtml(alt);
        const title = token.title ? safeHtml` title="${decodeHTMLAttribute(token.title)}"` : "";
        return safeHtml`<img src="${url}" alt="${alt}"${title}>`.markup;
      },
    },
  });
}

/** The report's markdown as tokens, its relative image and link targets mapped through `image`. */
function reportTokens(marked: Marked, markdown: string, image: ImageSource): Token[] {
  const tokens = marked.lexer(markdown);
  marked.walkTokens(tokens, (token) => {
    if ((token.type === "image" || token.type === "link") && /^[a-z_]+\.png$/.test(token.href)) {
      token.href = image(token.href as PageImage) ?? "";
    }
  });
  return tokens;
}

/**
 * The report's markdown as HTML, its relative image and link targets mapped through `image`.
 * Raw HTML (blocks and inline tags) is escaped and shown as text; a link or image whose
 * target is not a safe URL is rendered as its text alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportHtml } from "./evaluation_page.ts";
 * const out = reportHtml(`<img src=x onerror="alert(1)"> [a](javascript:alert(1))`, () => undefined).markup;
 * assert.equal(out, `<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; a</p>\n`);
 * ```
 */
export function reportHtml(markdown: string, image: ImageSource): Html {
  const marked = safeMarked();
  return trustedMarkup(marked.parser(reportTokens(marked, markdown, image)));
}

/** report.md cut where the page shows its parts in their own places. */
export interface ReportParts {
  /** The question: the level-1 heading. */
  question?: Html;
  /** Quotes before the first section: the quick-look note, shown above the answer. */
  notes: Html;
  /** The rest before the first section besides the answer and the figure: what was measured. */
  intro: Html;
  /** The short answer's lead ("Short answer: `vae(x)` samples.") and the rest of its paragraph. */
  answerLead?: Html;
  answerText?: Html;
  /** The figure, a paragraph of one image. */
  figure?: Html;
  /** Each level-2 section (the evidence, per digit, what to do), by its heading's text. */
  sections: { heading: string; body: Html }[];
}

/**
 * report.md in parts: the question, the intro, the short answer (the paragraph that opens
 * with a bold "Short answer"), the figure, and each level-2 section. Whatever a report holds
 * that fits none of these stays in the notes (quotes), the intro or its section, in order:
 * nothing is dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportParts } from "./evaluation_page.ts";
 * const parts = reportParts("# Why?\n\n**Short answer: it samples.** More.\n\n## Evidence\n\n- one\n", () => undefined);
 * assert.equal(parts.question?.markup, "Why?");
 * assert.equal(parts.answerLead?.markup, "Short answer: it samples.");
 * assert.equal(parts.answerText?.markup, "More.");
 * assert.deepEqual(parts.sections.map((s) => s.heading), ["Evidence"]);
 * ```
 */
export function reportParts(markdown: string, image: ImageSource): ReportParts {
  const marked = safeMarked();
  const tokens = reportTokens(marked, markdown, image);
  const inline = new Parser(marked.defaults);
  const parts: ReportParts = { notes: trustedMarkup(""), intro: trustedMarkup(""), sections: [] };
  const notes: Token[] = [];
  const intro: Token[] = [];
  let section: { heading: string; tokens: Token[] } | undefined;
  const sections: { heading: string; tokens: Token[] }[] = [];
  for (const token of tokens) {
    if (token.type === "heading" && token.depth === 2) {
      section = { heading: token.text, tokens: [] };
      sections.push(section);
    } else if (section) {
      section.tokens.push(token);
    } else if (token.type === "heading" && token.depth === 1 && parts.question === undefined) {
      parts.question = trustedMarkup(inline.parseInline(token.tokens ?? []));
    } else if (isImageParagraph(token) && parts.figure === undefined) {
      parts.figure = trustedMarkup(marked.parser([token]));
    } else if (isShortAnswer(token) && parts.answerLead === undefined) {
      const [lead, ...rest] = token.tokens;
      parts.answerLead = trustedMarkup(inline.parseInline((lead as Tokens.Strong).tokens));
      parts.answerText = trustedMarkup(inline.parseInline(rest).trim());
    } else {
      (token.type === "blockquote" ? notes : intro).push(token);
    }
  }
  parts.notes = trustedMarkup(marked.parser(notes));
  parts.intro = trustedMarkup(marked.parser(intro));
  parts.sections = sections.map((s) => ({
    heading: s.heading,
    body: trustedMarkup(marked.parser(s.tokens)),
  }));
  return parts;
}

function isImageParagraph(token: Token): token is Tokens.Paragraph {
  return token.type === "paragraph" && token.tokens?.length === 1 && token.tokens[0]!.type === "image";
}

function isShortAnswer(token: Token): token is Tokens.Paragraph {
  const lead = token.type === "paragraph" ? token.tokens?.[0] : undefined;
  return lead?.type === "strong" && /^short answer/i.test(lead.text);
}

/** A number of metrics.json as shown: integers whole, others to 4 significant digits. */
function rounded(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** Every number of metrics.json, by its dotted path (long per-dimension lists included), rounded. */
export function metricsTable(metrics: unknown): Html {
  const rows = [...numericLeaves(metrics)].map(([key, value]) => [key, rounded(value)]);
  return htmlTable(["metric", "value"], rows, { id: "metrics" });
}

/** The latent size metrics.json states, when it is a positive integer (0 otherwise). */
export function statedLatentDims(metrics: unknown): number {
  const dims = (metrics as { latent?: { dims?: unknown } } | null)?.latent?.dims;
  return Number.isSafeInteger(dims) && (dims as number) > 0 ? dims as number : 0;
}

/** The answer's numbers as a list of labelled cards ("answer: …" → <b>answer</b> …). */
function numbersList(lines: string[] | undefined): Html | "" {
  if (!lines || lines.length === 0) return "";
  return safeHtml`<ul class="numbers" id="answer-numbers">${
    lines.map((line) => {
      const at = line.indexOf(": ");
      return at < 0
        ? safeHtml`<li>${line}</li>`
        : safeHtml`<li><b>${line.slice(0, at)}</b>${line.slice(at + 2)}</li>`;
    })
  }</ul>`;
}

/** Ids of the page's sections, by the report heading they show (others get none). */
const SECTION_IDS: Record<string, string> = {
  "The evidence from this run": "evidence",
  "Per digit": "per-digit",
  "What to do in your own code": "what-to-do",
};

/** The id of the section shown under `heading`, if it has one (own keys only: `## constructor` has none). */
function sectionId(heading: string): string | undefined {
  return Object.hasOwn(SECTION_IDS, heading) ? SECTION_IDS[heading] : undefined;
}

/** What the page adds to the report: the explorer's mount (viewer only) and where metrics.json is. */
export interface EvaluationPageOptions {
  /** The live explorer's mount markup, placed after the short answer. */
  explorer?: Html;
  /** A link to metrics.json as stored. */
  metricsHref?: string;
}

/** The page's body (see the file's comment for its order). */
export function evaluationBody(
  view: EvaluationView,
  image: ImageSource,
  options: EvaluationPageOptions = {},
): Html {
  const parts = reportParts(view.reportMarkdown, image);
  const lossCurve = image("loss_curve.png");
  const varianceMap = image("variance_map.png");
  const model = view.modelId ? safeHtml` (model <code>${view.modelId}</code>)` : "";
  const answer = parts.answerLead
    ? safeHtml`<h2 id="short-answer">${parts.answerLead}</h2>
<p>${parts.answerText}</p>`
    : "";
  const figure = parts.figure ? safeHtml`<div class="figure">${parts.figure}</div>` : "";
  const sections = parts.sections.map((section) =>
    safeHtml`<section${sectionId(section.heading) ? safeHtml` id="${sectionId(section.heading)}"` : ""}>
<h2>${section.heading}</h2>
${section.body}</section>
`
  );
  const pictures = [
    varianceMap &&
    safeHtml`<figure id="variance-map"><img src="${varianceMap}" alt="variance map"><figcaption>Average per-pixel variance over the passes</figcaption></figure>`,
    lossCurve &&
    safeHtml`<figure id="loss-curve"><img src="${lossCurve}" alt="loss curve"><figcaption>Training loss of the model</figcaption></figure>`,
  ];
  const json = options.metricsHref
    ? safeHtml` (<a href="${options.metricsHref}">metrics.json</a> as stored)`
    : "";
  return safeHtml`<div id="report">
${parts.question ? safeHtml`<h1>${parts.question}</h1>` : ""}
${parts.notes}
<section class="answer" id="answer">
${answer}
${numbersList(view.answer)}
${figure}
<div class="meta">${parts.intro}</div>
</section>
${options.explorer ?? ""}
${sections}</div>
<section id="details">
<h2>Details</h2>
<p class="meta">Evaluation <code>${view.evaluateId}</code> of export <code>${view.exportId}</code>${model}, test images of mnist <code>${view.mnistId}</code>.</p>
<div class="grid">${pictures}</div>
<details id="raw-metrics"><summary>Every number of metrics.json, rounded to 4 significant digits</summary>
<p class="meta">By dotted path${json}.</p>
${metricsTable(view.metrics)}
</details>
</section>`;
}
