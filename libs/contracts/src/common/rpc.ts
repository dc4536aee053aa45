/**
 * Request/reply over NATS. Every request carries a `RpcEnvelope`; the pattern names follow
 * `<service>.<aggregate>.<action>`.
 */

/**
 * What every RPC request carries. The caller is not part of it: each service derives the caller
 * from the access token in the `authorization` NATS header (`Bearer <jwt>`) and verifies it itself.
 */
export interface RpcEnvelope<TPayload> {
  /** Request payload. */
  payload: TPayload;
}

/** One RPC: request and response types for a pattern. */
export interface RpcDefinition<TReq, TRes> {
  /** Phantom request type. */
  readonly request?: TReq;
  /** Phantom response type. */
  readonly response?: TRes;
}

/** A map from pattern to definition. */
export type RpcMap = Record<string, RpcDefinition<unknown, unknown>>;

/** Request payload type of pattern `P` in map `M`. */
export type RpcRequest<M extends RpcMap, P extends keyof M> = M[P] extends RpcDefinition<infer Q, unknown> ? Q : never;
/** Response type of pattern `P` in map `M`. */
export type RpcResponse<M extends RpcMap, P extends keyof M> = M[P] extends RpcDefinition<unknown, infer R> ? R : never;

/** Paged list result. */
export interface Page<T> {
  /** Items of this page. */
  items: T[];
  /** Total number of items matching the query. */
  total: number;
  /** Offset of the first item. */
  offset: number;
  /** Page size used. */
  limit: number;
}

/** Correlation id header carried on NATS requests and copied into events. */
export const CORRELATION_HEADER = 'x-request-id';
