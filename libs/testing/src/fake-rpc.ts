import type { CityGridRpcMap, RpcPattern, RpcRequest, RpcResponse } from '@citygrid/contracts';
import type { RpcClient } from '@citygrid/service-kit';

/** How a fake answers each pattern it knows: a reply, or a thrown error (as the remote service's). */
export type RpcAnswers = { [P in RpcPattern]?: (req: RpcRequest<CityGridRpcMap, P>) => RpcResponse<CityGridRpcMap, P> | Promise<RpcResponse<CityGridRpcMap, P>> };

/** An RPC call a fake received. */
export interface RpcCall {
  pattern: string;
  payload: unknown;
}

/**
 * An `RpcClient` answering from `answers`, in process, recording every call. A pattern it has no
 * answer for fails the test loudly rather than returning nothing.
 */
export function fakeRpc(answers: RpcAnswers): { client: RpcClient; calls: RpcCall[] } {
  const calls: RpcCall[] = [];
  const client = {
    send: async (pattern: RpcPattern, payload: unknown) => {
      calls.push({ pattern, payload });
      const answer = answers[pattern] as ((req: unknown) => unknown) | undefined;
      if (!answer) throw new Error(`the fake RPC client has no answer for ${pattern}`);
      return answer(payload);
    },
  };
  return { client: client as unknown as RpcClient, calls };
}
