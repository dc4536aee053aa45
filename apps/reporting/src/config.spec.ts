import { ConfigError } from '@citygrid/service-kit';

import { loadReportingEnv } from './config';

describe('loadReportingEnv', () => {
  it('starts on the local defaults: its own schema and port, the working time zone of Zhengzhou', () => {
    expect(loadReportingEnv({}, {})).toMatchObject({ PORT: 3104, DATABASE_SCHEMA: 'reporting', WORK_TIME_ZONE: 'Asia/Shanghai', REBUILD_BATCH: 2000, VERIFY_LIMIT_HOURS: 24, CONSUMER_MAX_DELIVER: 5 });
  });

  it('refuses an unknown time zone and a batch out of range, naming both', () => {
    let message = '';
    try {
      loadReportingEnv({}, { WORK_TIME_ZONE: 'Mars/Olympus', REBUILD_BATCH: '0' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as ConfigError).message;
    }
    expect(message).toMatch(/WORK_TIME_ZONE: WORK_TIME_ZONE must be an IANA time zone/);
    expect(message).toMatch(/REBUILD_BATCH: /);
  });
});
