import type {
  ListUserPoolClientsRequest,
  ListUserPoolClientsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const listUserPoolClients = defineTarget<ListUserPoolClientsRequest>()({
  name: "ListUserPoolClients",
  access: "admin",
  input: z.object({
    UserPoolId,
    MaxResults: z.number().int().min(1).max(60).optional(),
    NextToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListUserPoolClientsResponse> {
    const { clients, nextToken } = await deps.pools.listClients(req.UserPoolId, req.MaxResults ?? 60, req.NextToken);
    return {
      UserPoolClients: clients.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});
