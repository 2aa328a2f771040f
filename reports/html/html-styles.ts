/**
 * The inline style sheet of the HTML report. One constant, no external fonts
 * or assets, so the page renders the same from a CI artifact, an e-mail
 * attachment or a disconnected laptop. Timeline colours come from the shared
 * palette so the table, the strip and the legend agree.
 */
import { STATUS_STYLES } from './timeline-palette.js';
import type { TimelineStatus } from './timeline-model.js';

/** One rule per timeline status: the table row's left border takes the status colour. */
const STATUS_ROW_RULES = (Object.keys(STATUS_STYLES) as TimelineStatus[]).map((status) => `tr.status-${status} td:first-child{border-left:5px solid ${STATUS_STYLES[status].colour}}`).join('\n');

/** The report's style sheet. */
export const HTML_REPORT_STYLES = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#fff;line-height:1.45}
main{max-width:1200px;margin:0 auto;padding:20px 28px 48px}
h1{margin:0 0 4px;font-size:1.6em}
h2{margin:32px 0 8px;font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:4px}
code,pre,dd,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
header.campaign{border-left:10px solid #b8430b;padding:8px 16px;background:#fdf3ee}
header.campaign.pass{border-left-color:#007a5a;background:#eef8f4}
.badge{display:inline-block;padding:1px 10px;border-radius:4px;color:#fff;font-weight:700;font-size:.8em;vertical-align:4px;margin-left:8px}
.badge.pass{background:#007a5a}.badge.fail{background:#b8430b}
.subtitle{color:#444;margin:0}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.tile{border:1px solid #ddd;border-radius:6px;padding:6px 14px;min-width:110px}
.tile b{display:block;font-size:1.45em;font-variant-numeric:tabular-nums}
.tile span{color:#555;font-size:.85em}
pre.replay{background:#f4f4f4;border:1px solid #ddd;border-radius:4px;padding:8px 10px;white-space:pre-wrap;word-break:break-all;margin:4px 0 10px}
p.label{margin:10px 0 0;color:#444;font-size:.9em}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}
th,td{border-bottom:1px solid #e4e4e4;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#f6f6f6}
td.number{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.failing td{background:#fdf0ea}
.mark-pass{color:#007a5a;font-weight:700}.mark-fail{color:#b8430b;font-weight:700}
.survived{color:#007a5a}.lost{color:#b8430b}.muted{color:#777}
section.scenario{margin-top:20px}
details.scenario-expected>summary{cursor:pointer;color:#333}
details.violation{border:1px solid #ddd;border-left:5px solid #D55E00;border-radius:4px;padding:6px 14px;margin:10px 0}
details.violation>summary{cursor:pointer;font-weight:600}
.property{display:inline-block;background:#b8430b;color:#fff;border-radius:3px;padding:0 6px;font-weight:700;margin-right:4px}
.property-title{color:#444;margin:6px 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dt{color:#555}dd{margin:0;word-break:break-all}
ul.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:.85em}
ul.legend li.shapes{color:#555;flex-basis:100%}
.swatch{display:inline-block;width:12px;height:12px;border:1px solid #333;margin-right:6px;vertical-align:-1px}
.strip{overflow-x:auto;border:1px solid #e4e4e4;border-radius:4px}
svg.timeline{display:block}
svg.timeline text.lane{font:12px ui-monospace,Menlo,Consolas,monospace;fill:#333}
svg.timeline text.tick{font:10px system-ui,sans-serif;fill:#777}
svg.timeline text.crash{font:bold 11px system-ui,sans-serif;fill:#000}
details.events>summary{cursor:pointer;margin-top:8px;color:#333}
details.events td:nth-child(3),details.events td:nth-child(4){font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
tr.status-survived td:last-child{color:#007a5a;font-weight:700}
tr.status-lost td:last-child{color:#b8430b;font-weight:700}
tr.status-after-crash td{color:#999}
tr.status-crash td{background:#eee;font-weight:700}
${STATUS_ROW_RULES}
`;
