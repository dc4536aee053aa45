import { BaseEnv, loadEnv } from '@citygrid/service-kit';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';

/** Gateway environment. */
export class GatewayEnv extends BaseEnv {
  override PORT = 3000;

  /** How long to wait for a service's reply over NATS before answering 503, ms. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  RPC_TIMEOUT_MS = 5000;

  /**
   * Port of the Prometheus scrape endpoint `/metrics`, apart from the public API so that process
   * internals never reach the internet (expose it to the cluster only). 0 turns it off.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  METRICS_PORT = 9464;

  /** Largest JSON request body accepted (imports carry whole files). */
  @IsString()
  BODY_LIMIT = '1mb';

  /** Browser origins allowed by CORS, comma separated (`*` for any); empty: no cross-origin access. */
  @IsString()
  CORS_ORIGINS = '';

  /** Requests per minute one client address may make to the API (login and token have their own, lower limit). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Requests per minute one client address may make to each of login, logout and the token endpoint. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 10;
}

export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

export function loadGatewayEnv(overrides: Partial<GatewayEnv> = {}): GatewayEnv {
  return loadEnv(GatewayEnv, process.env, overrides);
}
