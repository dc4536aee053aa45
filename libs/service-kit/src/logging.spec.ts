import { REDACT_PATHS, scrubUrl } from './logging';

describe('access-log URLs', () => {
  it('masks ID numbers and mobiles wherever they stand in a URL', () => {
    expect(scrubUrl('/api/v1/residents?idNumber=11010519491231002X&phone=13812345678')).toBe('/api/v1/residents?idNumber=110105********002X&phone=138****5678');
    expect(scrubUrl('/api/v1/residents/110105194912310021')).toBe('/api/v1/residents/110105********0021');
  });

  it('never logs a credential given in the query: api_key, tokens, passwords, secrets', () => {
    expect(scrubUrl('/open311/v2/requests.json?api_key=cg-hotline:s3cret&status=open')).toBe('/open311/v2/requests.json?api_key=[redacted]&status=open');
    expect(scrubUrl('/x?status=open&API_KEY=abc&access_token=eyJ.a.b&password=hunter2&client_secret=zz')).toBe(
      '/x?status=open&API_KEY=[redacted]&access_token=[redacted]&password=[redacted]&client_secret=[redacted]',
    );
    // a parameter merely containing the word is left alone
    expect(scrubUrl('/x?monkey=1&tokenized=2')).toBe('/x?monkey=1&tokenized=2');
  });

  it('leaves node codes, UUIDs and ordinary numbers alone', () => {
    const url = '/api/v1/nodes/4101020050010101?limit=100&household=0b8f3f0e-1380-4a4b-9d8e-138123456789';
    expect(scrubUrl(url)).toBe(url);
  });

  it('redacts personal fields in logged objects', () => {
    expect(REDACT_PATHS).toEqual(expect.arrayContaining(['*.idNumber', '*.phone', '*.*.*.idNumber']));
  });
});
