/** Groups: list, create, edit (description, precedence, IAM role), delete. */
import type {
  CreateGroupRequest,
  DeleteGroupRequest,
  GroupType,
  ListGroupsRequest,
  ListGroupsResponse,
  UpdateGroupRequest,
} from "@aws-sdk/client-cognito-identity-provider";
import { Field, formText, useAction } from "@authhub/ui";
import { CheckedForm, DeleteItem, type FormRead, ItemCard, PagedList, useTokenPages } from "../components/lists";
import { PageTitle, Section } from "../components/ui";
import { useApi } from "../session/ConsoleContext";
import { PoolNav } from "./PoolNav";

type Errors = Partial<Record<"GroupName" | "Precedence" | "RoleArn", string>>;

/** The group's fields from the form, or the errors to show. */
export function readGroupForm(
  form: HTMLFormElement,
  withName: boolean,
): FormRead<Omit<CreateGroupRequest, "UserPoolId">, Errors> {
  const errors: Errors = {};
  const name = formText(form, "GroupName");
  const precedence = formText(form, "Precedence");
  const role = formText(form, "RoleArn");
  if (withName && !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(name))
    errors.GroupName = "Enter a name of 1–128 characters, without spaces";
  const p = Number(precedence);
  if (precedence !== "" && !(Number.isInteger(p) && p >= 0))
    errors.Precedence = "Enter a whole number, 0 or more (lower wins)";
  if (role && !/^arn:[\w+=/,.@-]+:iam::\d{12}:role\/[\w+=/,.@-]+$/.test(role))
    errors.RoleArn = "Enter an IAM role ARN: arn:aws:iam::<account>:role/<name>";
  if (Object.keys(errors).length > 0) return { errors };
  return {
    value: {
      GroupName: name,
      Description: formText(form, "Description"),
      ...(precedence !== "" ? { Precedence: p } : {}),
      ...(role ? { RoleArn: role } : {}),
    },
  };
}

function GroupFields({ group, errors, withName }: { group?: GroupType; errors: Errors; withName: boolean }) {
  return (
    <>
      {withName ? (
        <Field label="Group name" name="GroupName" required error={errors.GroupName} />
      ) : (
        <input type="hidden" name="GroupName" value={group?.GroupName} />
      )}
      <Field label="Description" name="Description" defaultValue={group?.Description} />
      <Field
        label="Precedence"
        name="Precedence"
        type="number"
        inputMode="numeric"
        defaultValue={group?.Precedence}
        error={errors.Precedence}
        hint="Lower wins when a user's groups name different roles."
      />
      <Field label="IAM role ARN (optional)" name="RoleArn" defaultValue={group?.RoleArn} error={errors.RoleArn} />
    </>
  );
}

export function GroupsPage({ poolId }: { poolId: string }) {
  const api = useApi();
  const pages = useTokenPages(
    (token) =>
      api.op<ListGroupsRequest, ListGroupsResponse>("ListGroups", {
        UserPoolId: poolId,
        Limit: 60,
        ...(token ? { NextToken: token } : {}),
      }),
    (page) => page.NextToken,
    [api, poolId],
  );
  const create = useAction(async (req: CreateGroupRequest) => {
    await api.op<CreateGroupRequest, object>("CreateGroup", req);
    pages.reload();
    return req.GroupName;
  });
  return (
    <>
      <PageTitle>Groups</PageTitle>
      <PoolNav poolId={poolId} />
      <PagedList pages={pages} items={(page) => page.Groups} empty={<p>No groups yet.</p>}>
        {(groups) =>
          groups.map((g) => <GroupItem key={g.GroupName} poolId={poolId} group={g} onChange={pages.reload} />)
        }
      </PagedList>
      <Section title="Create a group">
        <CheckedForm
          read={(form) => readGroupForm(form, true)}
          onValid={(group, form) => void create.run({ UserPoolId: poolId, ...group }).then((r) => r.ok && form.reset())}
          action={create}
          busy
          submitLabel="Create group"
          success={(name) => `Created ${name}.`}
        >
          {(errors) => <GroupFields errors={errors} withName />}
        </CheckedForm>
      </Section>
    </>
  );
}

function GroupItem({ poolId, group, onChange }: { poolId: string; group: GroupType; onChange: () => void }) {
  const api = useApi();
  const save = useAction(async (req: UpdateGroupRequest) => {
    await api.op<UpdateGroupRequest, object>("UpdateGroup", req);
    onChange();
  });
  return (
    <ItemCard
      summary={
        <>
          <strong>{group.GroupName}</strong>{" "}
          {group.Description ? <span className="aside">{group.Description}</span> : null}
        </>
      }
    >
      <CheckedForm
        read={(form) => readGroupForm(form, false)}
        onValid={(value) => void save.run({ UserPoolId: poolId, ...value, GroupName: group.GroupName })}
        action={save}
        submitLabel="Save group"
        success={() => "Saved."}
      >
        {(errors) => <GroupFields group={group} errors={errors} withName={false} />}
      </CheckedForm>
      <DeleteItem
        what="group"
        name={group.GroupName ?? ""}
        consequence="Its members stay; they lose the group."
        onDelete={async () => {
          await api.op<DeleteGroupRequest, object>("DeleteGroup", { UserPoolId: poolId, GroupName: group.GroupName });
          onChange();
        }}
      />
    </ItemCard>
  );
}
