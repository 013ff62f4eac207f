// The component tests' setup is the one apps/web, apps/console and packages/ui share.
import "@authhub/ui/test/setup";
