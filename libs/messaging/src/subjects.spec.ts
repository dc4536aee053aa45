import { eventSubject, rpcSubject, streamName, streamSubjects, subjectPrefix } from './subjects';

describe('subjects', () => {
  const saved = { prefix: process.env.NATS_SUBJECT_PREFIX, stream: process.env.EVENT_STREAM };

  afterEach(() => {
    process.env.NATS_SUBJECT_PREFIX = saved.prefix;
    process.env.EVENT_STREAM = saved.stream;
  });

  it('prefixes subjects when NATS_SUBJECT_PREFIX is set', () => {
    process.env.NATS_SUBJECT_PREFIX = 'dev1';
    process.env.EVENT_STREAM = 'CITYGRID_DEV1';
    expect(subjectPrefix()).toBe('dev1');
    expect(rpcSubject('ticketing.case.open')).toBe('dev1.ticketing.case.open');
    expect(eventSubject('citygrid.ticketing.case.closed')).toBe('dev1.citygrid.ticketing.case.closed');
    expect(streamName()).toBe('CITYGRID_DEV1');
    expect(streamSubjects()).toEqual(['dev1.citygrid.>']);
  });

  it('uses bare names and the CITYGRID stream without configuration', () => {
    delete process.env.NATS_SUBJECT_PREFIX;
    delete process.env.EVENT_STREAM;
    expect(subjectPrefix()).toBe('');
    expect(rpcSubject('ticketing.case.open')).toBe('ticketing.case.open');
    expect(eventSubject('citygrid.ticketing.case.closed')).toBe('citygrid.ticketing.case.closed');
    expect(streamName()).toBe('CITYGRID');
    expect(streamSubjects()).toEqual(['citygrid.>']);
  });
});
