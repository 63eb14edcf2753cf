/**
 * The demo's model of the surface: an imaginary company, Inkwell, that makes a notes app. Three loops,
 * four products (the web and desktop apps share the sync engine), five components, six channels.
 */

/** The demo's first loop: its slug marks the demo as loaded. */
export const demoLoopSlug = "inkwell-notes";

export const loops = [
  {
    slug: demoLoopSlug,
    name: "Inkwell Notes",
    description:
      "The commercial product loop: the notes app on the web and the desktop, and everything its users tell us.",
  },
  {
    slug: "inkwell-platform",
    name: "Platform team",
    description: "The public API and webhooks that partners build on; feedback comes from GitHub and the API itself.",
  },
  {
    slug: "inkwell-tools",
    name: "Internal tools",
    description: "Tools our own support and success teams use, like the importer for customers moving from Evernote.",
  },
];

export const components = [
  { slug: "sync", name: "Sync engine", repositoryUrl: "https://github.com/inkwell/sync" },
  { slug: "web-ui", name: "Web UI", repositoryUrl: "https://github.com/inkwell/web-ui" },
  { slug: "desktop-shell", name: "Desktop shell", repositoryUrl: "https://github.com/inkwell/desktop-shell" },
  { slug: "api-gateway", name: "API gateway", repositoryUrl: "https://github.com/inkwell/api-gateway" },
  { slug: "importer", name: "Importer", repositoryUrl: "https://github.com/inkwell/importer" },
];

export const products = [
  { slug: "web-app", loop: demoLoopSlug, name: "Inkwell for the web", components: ["web-ui", "sync"] },
  { slug: "desktop-app", loop: demoLoopSlug, name: "Inkwell Desktop", components: ["desktop-shell", "sync"] },
  { slug: "public-api", loop: "inkwell-platform", name: "Inkwell API", components: ["api-gateway"] },
  { slug: "evernote-importer", loop: "inkwell-tools", name: "Evernote importer", components: ["importer"] },
];

export const channels = [
  {
    slug: "support-email",
    loop: demoLoopSlug,
    kind: "email",
    name: "Support email",
    config: { address: "support@inkwell.example" },
  },
  { slug: "community-forum", loop: demoLoopSlug, kind: "forum", name: "Community forum", config: {} },
  { slug: "in-app-widget", loop: demoLoopSlug, kind: "widget", name: "In-app feedback widget", config: {} },
  { slug: "github-issues", loop: "inkwell-platform", kind: "github", name: "GitHub issues", config: {} },
  { slug: "partner-api", loop: "inkwell-platform", kind: "api", name: "Partner feedback API", config: {} },
  { slug: "staff-chat", loop: "inkwell-tools", kind: "chat", name: "#ask-tools in staff chat", config: {} },
];

/** The builders who own improvements. */
export const users = [
  { key: "maya", email: "maya.chen@inkwell.example", name: "Maya Chen" },
  { key: "luis", email: "luis.ortega@inkwell.example", name: "Luis Ortega" },
  { key: "priyanka", email: "priyanka.rao@inkwell.example", name: "Priyanka Rao" },
];

/** The people behind the signals: weight says how much a voice counts (a large account counts more). */
export const contacts = [
  { key: "ana", name: "Ana Lima", email: "ana.lima@globex.example", account: "Globex", weight: 3 },
  { key: "ben", name: "Ben Okafor", email: "ben.okafor@globex.example", account: "Globex", weight: 3 },
  { key: "chloe", name: "Chloé Martin", email: "chloe.martin@initech.example", account: "Initech", weight: 2 },
  { key: "dmitri", name: "Dmitri Ivanov", email: "dmitri.ivanov@initech.example", account: "Initech", weight: 2 },
  {
    key: "emma",
    name: "Emma Schulz",
    email: "emma.schulz@umbrella-health.example",
    account: "Umbrella Health",
    weight: 5,
  },
  {
    key: "farid",
    name: "Farid Haddad",
    email: "farid.haddad@umbrella-health.example",
    account: "Umbrella Health",
    weight: 5,
  },
  { key: "grace", name: "Grace Kim", email: "grace@starkstudio.example", account: "Stark Studio", weight: 1.5 },
  { key: "hugo", name: "Hugo Bernard", email: "hugo.bernard@hooli.example", account: "Hooli", weight: 4 },
  { key: "isabel", name: "Isabel Rossi", email: "isabel.rossi@hooli.example", account: "Hooli", weight: 4 },
  { key: "jonas", name: "Jonas Berg", email: "jonas.berg@mailbox.example", account: null, weight: 1 },
  { key: "kaito", name: "Kaito Sato", email: "kaito@fastmail.example", account: null, weight: 1 },
  { key: "lena", name: "Lena Nowak", email: "lena.nowak@proton.example", account: null, weight: 1 },
  { key: "mateo", name: "Mateo García", email: "mateo.garcia@soylent.example", account: "Soylent", weight: 2 },
  { key: "nora", name: "Nora Jensen", email: "nora.jensen@soylent.example", account: "Soylent", weight: 2 },
  { key: "omar", name: "Omar Farouk", email: "omar.farouk@wayne.example", account: "Wayne Enterprises", weight: 5 },
  { key: "priya", name: "Priya Nair", email: "priya.nair@wayne.example", account: "Wayne Enterprises", weight: 5 },
  { key: "quentin", name: "Quentin Dubois", email: "quentin.dubois@outlook.example", account: null, weight: 1 },
  { key: "rosa", name: "Rosa Álvarez", email: "rosa@acme-dev.example", account: "Acme Dev (API partner)", weight: 3 },
  { key: "sam", name: "Sam Taylor", email: "sam.taylor@devmail.example", account: null, weight: 1 },
  {
    key: "tess",
    name: "Tess Moreau",
    email: "tess.moreau@inkwell.example",
    account: "Inkwell (support team)",
    weight: 1,
  },
];
