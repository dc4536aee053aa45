import { OPEN311_FIELDS } from '@citygrid/contracts';
import { XMLParser } from 'fast-xml-parser';

import { renderList, renderObject, type Open311Request, type Open311Service } from './geo-report';

const service: Open311Service = { service_code: 'CG-01', service_name: '户外广告 & 招牌', description: '<outdoor ads>', metadata: false, type: 'realtime', keywords: 'ads', group: '城市管理' };

describe('GeoReport v2 rendering', () => {
  const parser = new XMLParser({ parseTagValue: false });

  it('renders services as JSON with exactly the specification fields', () => {
    const sut = renderList('services', [service], 'json');
    expect(sut.contentType).toMatch(/^application\/json/);
    expect(Object.keys((JSON.parse(sut.body) as object[])[0]!)).toEqual([...OPEN311_FIELDS.service]);
  });

  it('renders services as well-formed XML, escaping text and writing booleans as true/false', () => {
    const sut = renderList('services', [service, { ...service, service_code: 'CG-02' }], 'xml');
    expect(sut.contentType).toMatch(/^text\/xml/);
    expect(sut.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(sut.body).toContain('&lt;outdoor ads&gt;');
    const doc = parser.parse(sut.body) as { services: { service: Array<Record<string, string>> } };
    expect(doc.services.service).toHaveLength(2);
    expect(doc.services.service[0]).toMatchObject({ service_code: 'CG-01', service_name: '户外广告 & 招牌', metadata: 'false' });
  });

  it('renders a single request inside service_requests and errors in the specification format', () => {
    const request = Object.fromEntries(OPEN311_FIELDS.request.map((f) => [f, f === 'lat' || f === 'long' ? 34.75 : ''])) as unknown as Open311Request;
    const xml = parser.parse(renderList('requests', [{ ...request, service_request_id: 'X-1' }], 'xml').body) as { service_requests: { request: Record<string, string> } };
    expect(xml.service_requests.request.service_request_id).toBe('X-1');
    const errors = parser.parse(renderList('errors', [{ code: 400, description: 'service_code was not provided' }], 'xml').body) as { errors: { error: { code: string; description: string } } };
    expect(errors.errors.error).toEqual({ code: '400', description: 'service_code was not provided' });
    expect(JSON.parse(renderList('errors', [{ code: 404, description: 'x' }], 'json').body)).toEqual([{ code: 404, description: 'x' }]);
  });

  it('renders discovery as an object with its endpoints', () => {
    const doc = parser.parse(
      renderObject('discovery', { changeset: '2026-11-25', endpoints: { endpoint: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://x/open311/v2' }] } }, 'xml').body,
    ) as { discovery: { endpoints: { endpoint: { url: string } } } };
    expect(doc.discovery.endpoints.endpoint.url).toBe('http://x/open311/v2');
  });
});
