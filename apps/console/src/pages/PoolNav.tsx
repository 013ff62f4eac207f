/** The sections of one pool. */
import { Link } from "@authhub/ui";
import { pathOf } from "../routing/routes";

const SECTIONS = [
  { path: "", label: "Settings" },
  { path: "clients", label: "App clients" },
  { path: "users", label: "Users" },
  { path: "groups", label: "Groups" },
  { path: "identity-providers", label: "Identity providers" },
  { path: "resource-servers", label: "Resource servers" },
];

export function PoolNav({ poolId }: { poolId: string }) {
  return (
    <nav aria-label="This pool" className="subnav">
      <ul>
        {SECTIONS.map((s) => {
          const to = s.path ? pathOf("pools", poolId, s.path) : pathOf("pools", poolId);
          return (
            <li key={s.label}>
              <Link to={to} exact={s.path === ""}>
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
