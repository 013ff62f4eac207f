/** One pool: its facts, the settings, MFA, domain and branding forms, and deletion. */
import type {
  DeleteUserPoolRequest,
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { Loaded, PageTitle, Section, Time, useLoad } from "../components/ui";
import { useRouter } from "@authhub/ui";
import { useApi } from "../session/ConsoleContext";
import { BrandingForm } from "./BrandingForm";
import { CustomAttributesForm } from "./CustomAttributesForm";
import { DomainForm } from "./DomainForm";
import { MfaConfigForm } from "./MfaConfigForm";
import { PoolNav } from "./PoolNav";
import { PoolSettingsForm } from "./PoolSettingsForm";

export function PoolPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const { navigate } = useRouter();
  const { state, reload } = useLoad(
    () => api.op<DescribeUserPoolRequest, DescribeUserPoolResponse>("DescribeUserPool", { UserPoolId: poolId }),
    [api, poolId],
  );
  const name = state.status === "ready" ? (state.data.UserPool?.Name ?? poolId) : poolId;
  return (
    <>
      <PageTitle>{name}</PageTitle>
      <PoolNav poolId={poolId} />
      <Loaded load={state}>
        {({ UserPool: pool = {} }) => (
          <>
            <Section title="Overview">
              <dl className="facts">
                <dt>Pool ID</dt>
                <dd className="mono">{pool.Id}</dd>
                <dt>Created</dt>
                <dd>
                  <Time value={pool.CreationDate} />
                </dd>
                <dt>Sign-in with</dt>
                <dd>{["username", ...(pool.UsernameAttributes ?? []).map((a) => a.replace("_", " "))].join(", ")}</dd>
                <dt>Estimated users</dt>
                <dd>{pool.EstimatedNumberOfUsers ?? 0}</dd>
                <dt>MFA</dt>
                <dd>{pool.MfaConfiguration ?? "OFF"}</dd>
              </dl>
            </Section>
            <Section
              title="Settings"
              description="Sign-in options (username attributes) are fixed when a pool is created, as in Cognito."
            >
              <PoolSettingsForm pool={pool} onSaved={reload} />
            </Section>
            <Section title="Custom attributes">
              <CustomAttributesForm pool={pool} onAdded={reload} />
            </Section>
            <Section title="Multi-factor authentication">
              <MfaConfigForm poolId={poolId} />
            </Section>
            <Section title="Domain">
              <DomainForm pool={pool} onChanged={reload} />
            </Section>
            <Section title="Branding">
              <BrandingForm pool={pool} />
            </Section>
            <Section title="Delete this pool">
              {pool.DeletionProtection === "ACTIVE" ? (
                <p>Deletion protection is on: turn it off in the settings above to delete this pool.</p>
              ) : (
                <ConfirmDelete
                  what="user pool"
                  name={pool.Name ?? poolId}
                  consequence="Every user, client and setting of this pool is deleted. This cannot be undone."
                  onDelete={async () => {
                    await api.op<DeleteUserPoolRequest, object>("DeleteUserPool", { UserPoolId: poolId });
                    navigate("/pools");
                  }}
                />
              )}
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}
