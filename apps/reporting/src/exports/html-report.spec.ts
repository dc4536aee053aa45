import { escapeHtml, toHtml } from './html-report';
import type { ReportFile } from './report-file';

const report: ReportFile = {
  title: '林山寨街道 2013 年第 1 季度量化考核',
  header: [['节点', '<script>alert(1)</script>（410102005）']],
  tables: [
    {
      name: '社区',
      columns: [
        { header: '名称', kind: 'text' },
        { header: '总分', kind: 'decimal' },
        { header: '奖惩', kind: 'text' },
      ],
      rows: [['一号社区 "A" & B', '99.22', '奖励']],
    },
    { name: '网格人员', columns: [{ header: '姓名', kind: 'text' }], rows: [] },
  ],
  dataAsOf: null,
};

describe('toHtml', () => {
  it('escapes every text, whatever the events named things', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = toHtml(report).toString('utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;（410102005）');
    expect(html).toContain('<td>一号社区 &quot;A&quot; &amp; B</td><td class="n">99.22</td><td class="reward">奖励</td>');
  });

  it('is a self-contained page laid out for print: A4, header rows on every page, rows never split', () => {
    const html = toHtml(report).toString('utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toMatch(/@page \{ size: A4 landscape; margin: [^}]+\}/);
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('tr { break-inside: avoid; page-break-inside: avoid; }');
    expect(html).toContain('<h2>一、社区</h2>');
    expect(html).toContain('<h2>二、网格人员</h2>');
    expect(html).toContain('<tr><td colspan="1">（无）</td></tr>');
    // nothing to fetch and nothing to run
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
    expect(toHtml(report).equals(toHtml(report))).toBe(true);
  });
});
