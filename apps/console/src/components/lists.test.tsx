import { Field, formText, useAction } from "@authhub/ui";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CheckedForm, DataTable, PagedList, useTokenPages } from "./lists";

type Page = { Items: string[]; NextToken?: string };

function Paged({ read }: { read: (token: string | undefined) => Promise<Page> }) {
  const pages = useTokenPages(read, (page) => page.NextToken, []);
  return (
    <>
      <button type="button" onClick={pages.restart}>
        Search again
      </button>
      <PagedList pages={pages} items={(page) => page.Items} empty={<p>Nothing yet.</p>}>
        {(items) => (
          <ul aria-label={`Page ${pages.number}`}>
            {items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}

describe("useTokenPages and PagedList", () => {
  it("pages forward with the answer's token, back with the one before, and reads the first page again", async () => {
    const read = vi.fn(
      async (token: string | undefined): Promise<Page> =>
        token === "t2" ? { Items: [] } : { Items: ["a", "b"], NextToken: "t2" },
    );
    render(<Paged read={read} />);
    const user = userEvent.setup();
    expect(await screen.findByRole("list", { name: "Page 1" })).toHaveTextContent("ab");
    expect(screen.getByRole("button", { name: "Previous page" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("Nothing yet.")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Page 2" })).toBeEmptyDOMElement();
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByRole("list", { name: "Page 1" })).toHaveTextContent("ab");
    expect(read.mock.calls.map(([t]) => t)).toEqual([undefined, "t2", undefined]);
    await user.click(screen.getByRole("button", { name: "Search again" }));
    await vi.waitFor(() => expect(read).toHaveBeenCalledTimes(4));
    expect(read).toHaveBeenLastCalledWith(undefined);
  });

  it("shows no pager when there is one page only", async () => {
    render(<Paged read={async () => ({ Items: ["a"] })} />);
    await screen.findByRole("list", { name: "Page 1" });
    expect(screen.queryByRole("navigation", { name: "Pages" })).toBeNull();
  });
});

describe("DataTable", () => {
  it("is a named region that scrolls, with a caption, column headers and cells in column order", () => {
    render(
      <DataTable
        label="Requests"
        caption="Requests, newest first"
        rows={[{ path: "/a", status: 500 }]}
        rowKey={(r, i) => `${r.path}-${i}`}
        columns={[
          { header: "Path", className: "mono", cell: (r) => r.path },
          { header: "Status", className: (r) => (r.status >= 400 ? "status-bad" : undefined), cell: (r) => r.status },
        ]}
      />,
    );
    const region = screen.getByRole("region", { name: "Requests, scrolls sideways" });
    expect(region).toHaveAttribute("tabindex", "0");
    const table = within(region).getByRole("table", { name: "Requests, newest first" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((h) => h.textContent),
    ).toEqual(["Path", "Status"]);
    const cells = within(table).getAllByRole("cell");
    expect(cells.map((c) => [c.textContent, c.className])).toEqual([
      ["/a", "mono"],
      ["500", "status-bad"],
    ]);
  });
});

function NameForm({ onValid }: { onValid: (name: string) => void }) {
  const save = useAction(async (name: string) => name);
  return (
    <CheckedForm
      read={(form) => {
        const name = formText(form, "name");
        return name ? { value: name } : { errors: { name: "Enter a name" } };
      }}
      onValid={(name) => {
        onValid(name);
        void save.run(name);
      }}
      action={save}
      busy
      submitLabel="Save"
      success={(name) => `Saved ${name}.`}
    >
      {(errors: { name?: string }) => <Field label="Name" name="name" error={errors.name} />}
    </CheckedForm>
  );
}

describe("CheckedForm", () => {
  it("shows the fields' errors and sends nothing, then sends the value and shows the outcome", async () => {
    const onValid = vi.fn();
    render(<NameForm onValid={onValid} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveAccessibleDescription("Enter a name");
    expect(onValid).not.toHaveBeenCalled();
    await user.type(screen.getByRole("textbox", { name: "Name" }), "Ada");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onValid).toHaveBeenCalledWith("Ada");
    expect(await screen.findByRole("status")).toHaveTextContent("Saved Ada.");
    expect(screen.getByRole("textbox", { name: "Name" })).not.toHaveAttribute("aria-invalid");
  });
});
