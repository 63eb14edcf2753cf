import { Link, useSearch } from "@tanstack/react-router";
import { PageHeader } from "../ui/states";
import { ChannelsSection } from "./channels-section";
import { EnvironmentsSection } from "./environments-section";
import { LoopsSection } from "./loops-section";
import { MatcherSection } from "./matcher-section";
import { MembersSection } from "./members-section";
import { type Section, sections } from "./routes";
import { TokensSection } from "./tokens-section";
import { UsersSection } from "./users-section";

const labels: Record<Section, string> = {
  loops: "Loops",
  members: "Members and roles",
  tokens: "API tokens",
  channels: "Channels",
  environments: "Environments",
  matcher: "Matcher",
  users: "Users and invitations",
};

/** Loops, members and roles, API tokens, channels, environments, the matcher, users and invitations. */
export function SettingsPage() {
  const { section = "loops" } = useSearch({ from: "/workspace/settings" });
  return (
    <section>
      <PageHeader title="Settings" />
      <nav className="tabs" aria-label="Settings">
        {sections.map((s) => (
          <Link key={s} to="/settings" search={{ section: s }} aria-current={s === section ? "page" : undefined}>
            {labels[s]}
          </Link>
        ))}
      </nav>
      <h2>{labels[section]}</h2>
      {section === "loops" && <LoopsSection />}
      {section === "members" && <MembersSection />}
      {section === "tokens" && <TokensSection />}
      {section === "channels" && <ChannelsSection />}
      {section === "environments" && <EnvironmentsSection />}
      {section === "matcher" && <MatcherSection />}
      {section === "users" && <UsersSection />}
    </section>
  );
}
