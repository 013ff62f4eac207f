/**
 * A few routes do not need a router library: the path picks a page, links push history, and the back button
 * (popstate) re-renders. An app served below a base (the console at /_console/) writes its paths without it
 * ("/pools/…"); only the URL bar carries it. Query strings carry prefilled values (`?email=`); the hash names a
 * section of a page (`/#security`), which the page brings into view once it has rendered it (`useSectionTarget`).
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type MouseEvent,
  type ReactNode,
} from "react";

export interface Location {
  /** The path below the base, always starting with "/". */
  path: string;
  query: URLSearchParams;
  /** The fragment without "#", "" when none. */
  hash: string;
}

export interface RouterValue {
  location: Location;
  /** Goes to an in-app path; `replace` swaps the current history entry (Back does not return to it). */
  navigate(to: string, options?: { replace?: boolean }): void;
  /** The full URL of an in-app path (for href). */
  href(to: string): string;
}

const RouterContext = createContext<RouterValue | null>(null);

const trimBase = (base: string) => base.replace(/\/$/, "");

function readLocation(base: string): Location {
  const { pathname, search, hash } = window.location;
  const b = trimBase(base);
  return {
    path: pathname.startsWith(b) ? pathname.slice(b.length) || "/" : pathname,
    query: new URLSearchParams(search),
    hash: decodeURIComponent(hash.slice(1)),
  };
}

/** Routes below `base` (Vite's BASE_URL for an app not served at the root; none by default). */
export function Router({ base = "", children }: { base?: string; children: ReactNode }) {
  const [location, setLocation] = useState(() => readLocation(base));
  useEffect(() => {
    // An in-page link (<a href="#passkeys">) changes only the hash: popstate in current browsers, hashchange in all.
    const onPop = () => setLocation(readLocation(base));
    window.addEventListener("popstate", onPop);
    window.addEventListener("hashchange", onPop);
    return () => {
      window.removeEventListener("popstate", onPop);
      window.removeEventListener("hashchange", onPop);
    };
  }, [base]);
  const href = useCallback((to: string) => `${trimBase(base)}${to}`, [base]);
  const navigate = useCallback(
    (to: string, options?: { replace?: boolean }) => {
      if (options?.replace) window.history.replaceState(null, "", href(to));
      else window.history.pushState(null, "", href(to));
      setLocation(readLocation(base));
      // A target section is scrolled to by its page once rendered; any other new page starts at the top.
      if (!to.includes("#")) window.scrollTo?.(0, 0);
    },
    [base, href],
  );
  const value = useMemo(() => ({ location, navigate, href }), [location, navigate, href]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error("useRouter() needs a <Router> above it.");
  return value;
}

/** An <a> that navigates in-app for plain left clicks and behaves normally otherwise (new tab, copy link). */
export function Link({
  to,
  children,
  className,
  exact = true,
}: {
  to: string;
  children: ReactNode;
  className?: string;
  /** false: also "current" on paths below `to` (a section of the navigation). */
  exact?: boolean;
}) {
  const { location, navigate, href } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const target = to.split("?")[0] ?? to;
  // A link to a section of a page ("/#security") is not the page itself.
  const current = !to.includes("#") && (exact ? location.path === target : location.path.startsWith(target));
  return (
    <a href={href(to)} onClick={onClick} className={className} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}

/**
 * Brings the section named by the URL's hash into view and moves keyboard focus to it (the section has
 * tabIndex -1), once `ready` says the page has rendered it: a browser scrolls to a fragment only if the element
 * exists at load, and such sections may appear only after a read. Runs again when the hash changes.
 */
export function useSectionTarget(ready: boolean): void {
  const { hash } = useRouter().location;
  useEffect(() => {
    if (!ready || !hash) return;
    const target = document.getElementById(hash);
    if (!target) return;
    // Optional call: the DOMs of component tests may have no scrollIntoView.
    target.scrollIntoView?.({ block: "start" });
    target.focus({ preventScroll: true });
  }, [ready, hash]);
}

/** Sends an old URL on to its new place (`/security` → `/#security`) without a history entry for the old one. */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}
