import { DEFAULT_EVENT_STREAM, eventSubject, rpcSubject, streamName, streamSubjects, Subjects } from './subjects';

/** Puts back an environment variable as it was (an unset one unset: assigning `undefined` would store "undefined"). */
function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe('Subjects', () => {
  it('prefixes every subject with the configured prefix and names the configured stream', () => {
    const sut = Subjects.fromConfig({ NATS_SUBJECT_PREFIX: 'dev1', EVENT_STREAM: 'CITYGRID_DEV1' });
    expect(sut.prefix).toBe('dev1');
    expect(sut.rpc('ticketing.case.open')).toBe('dev1.ticketing.case.open');
    expect(sut.event('citygrid.ticketing.case.closed')).toBe('dev1.citygrid.ticketing.case.closed');
    expect(sut.stream).toBe('CITYGRID_DEV1');
    expect(sut.streamSubjects()).toEqual(['dev1.citygrid.>']);
    expect(sut.patternOf('dev1.ticketing.case.open')).toBe('ticketing.case.open');
    expect(sut.patternOf('other.ticketing.case.open')).toBe('other.ticketing.case.open');
  });

  it('uses bare names and the CITYGRID stream when nothing is configured', () => {
    for (const sut of [new Subjects(), Subjects.fromConfig({ NATS_SUBJECT_PREFIX: '', EVENT_STREAM: '' })]) {
      expect(sut.prefix).toBe('');
      expect(sut.rpc('ticketing.case.open')).toBe('ticketing.case.open');
      expect(sut.event('citygrid.ticketing.case.closed')).toBe('citygrid.ticketing.case.closed');
      expect(sut.stream).toBe(DEFAULT_EVENT_STREAM);
      expect(sut.streamSubjects()).toEqual(['citygrid.>']);
      expect(sut.patternOf('ticketing.case.open')).toBe('ticketing.case.open');
    }
  });

  it('reads nothing from the environment', () => {
    const saved = process.env['NATS_SUBJECT_PREFIX'];
    process.env['NATS_SUBJECT_PREFIX'] = 'from-env';
    try {
      expect(new Subjects().rpc('a.b.c')).toBe('a.b.c');
    } finally {
      restore('NATS_SUBJECT_PREFIX', saved);
    }
  });
});

describe('subject functions', () => {
  it('put a subject under the given prefix', () => {
    expect(rpcSubject('ticketing.case.open', 'dev1')).toBe('dev1.ticketing.case.open');
    expect(eventSubject('citygrid.ticketing.case.closed', 'dev1')).toBe('dev1.citygrid.ticketing.case.closed');
    expect(eventSubject('citygrid.ticketing.case.closed', '')).toBe('citygrid.ticketing.case.closed');
    expect(streamName('CITYGRID_DEV1')).toBe('CITYGRID_DEV1');
    expect(streamName('')).toBe('CITYGRID');
    expect(streamSubjects('dev1')).toEqual(['dev1.citygrid.>']);
  });

  it('give a handler its bare pattern without a prefix: the RPC server adds the deployment prefix', () => {
    expect(rpcSubject('ticketing.case.open')).toBe('ticketing.case.open');
  });
});
