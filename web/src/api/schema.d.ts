// Generated from the server's OpenAPI document by `npm run web:types`: do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Is this process up and its database reachable?
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Timeline events oldest first (page with after=<nextCursor>), or newest first with order=desc (page with before=<nextCursor>); a page reads at most 10,000 events, so a filtered page may be short and still have a nextCursor
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listTimelineEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/timeline/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live timeline as Server-Sent Events, from every process sharing the database (Last-Event-ID resumes)
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["streamTimelineEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How fast the loop turns: signal-to-snapback lead time, cycle time, throughput, deployment frequency, change failure rate
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/trace/{type}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What happened through an entity, both ways: items by type, nodes and the edges between them, people and notifications
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in: the person, their roles per loop, the token's scope, the session's CSRF token
         * @description Anyone signed in (a session or a token of any scope).
         */
        get: operations["getSession"];
        put?: never;
        /**
         * Sign in with email and password: sets an HttpOnly session cookie and answers its CSRF token
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["signIn"];
        /**
         * Sign out: ends the session on the server and clears the cookie
         * @description Anyone signed in (a session or a token of any scope).
         */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/setup/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The first-run page (its link is printed at the first start): make the first administrator
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        get: operations["getSetupPage"];
        put?: never;
        /**
         * Use the first-run link once: creates the first administrator and signs them in
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["completeSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/invitations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The page an invitation link opens: choose a password
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        get: operations["getInvitationPage"];
        put?: never;
        /**
         * Use an invitation once: sets the person's password and signs them in
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Invite a person: answers the user and a one-time link (shown only now) where they choose a password
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new one-time link for a person to choose a password (a lost password, an expired invitation)
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loops/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The people of a loop and their roles
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listLoopMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loops/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Give a person a role in a loop (owner, builder or viewer), or change it
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        put: operations["setLoopMember"];
        post?: never;
        /**
         * Take a person's role in a loop away
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        delete: operations["removeLoopMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API tokens you may see: your own; an owner's also those of their loops; an administrator's all
         * @description Anyone signed in (a session or a token of any scope).
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Make an API token (shown once): scope read, write, deploy or admin; optionally bound to one loop; optionally expiring
         * @description Anyone signed in (a session or a token of any scope).
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API token at once
         * @description Anyone signed in (a session or a token of any scope).
         */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List loops, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listLoops"];
        put?: never;
        /**
         * Create a loop
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        post: operations["createLoop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loops/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one loop
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getLoop"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a loop
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        patch: operations["updateLoop"];
        trace?: never;
    };
    "/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List products, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listProducts"];
        put?: never;
        /**
         * Create a product
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        post: operations["createProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one product
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a product
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        patch: operations["updateProduct"];
        trace?: never;
    };
    "/components": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List components, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listComponents"];
        put?: never;
        /**
         * Create a component
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createComponent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/components/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one component
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getComponent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a component
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updateComponent"];
        trace?: never;
    };
    "/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List channels, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listChannels"];
        put?: never;
        /**
         * Create a channel
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        post: operations["createChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one channel
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getChannel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a channel
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        patch: operations["updateChannel"];
        trace?: never;
    };
    "/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List contacts, newest first; with q, the best matches of a full text search
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listContacts"];
        put?: never;
        /**
         * Create a contact
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one contact
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getContact"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a contact
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updateContact"];
        trace?: never;
    };
    "/signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List signals, newest first; with q, the best matches of a full text search
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listSignals"];
        put?: never;
        /**
         * Receive a signal (finds or creates its contact, attaches it to patterns)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createSignal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one signal
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getSignal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one pattern
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getPattern"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a pattern (a new status must be a valid transition)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updatePattern"];
        trace?: never;
    };
    "/patterns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List patterns, newest first or by priority (with q, the best matches of a full text search over title and description); include=signals adds each pattern's newest signals (signalLimit, default 10) and their count
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listPatterns"];
        put?: never;
        /**
         * Create a pattern
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createPattern"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/improvements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List improvements, newest first; with q, the best matches of a full text search
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listImprovements"];
        put?: never;
        /**
         * Create an improvement
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createImprovement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/improvements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one improvement
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getImprovement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an improvement (a new status must be a valid transition)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updateImprovement"];
        trace?: never;
    };
    "/issues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List issues, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listIssues"];
        put?: never;
        /**
         * Create an issue
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createIssue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/issues/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one issue
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getIssue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an issue (a new status must be a valid transition)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updateIssue"];
        trace?: never;
    };
    "/pull-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List pull requests, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listPullRequests"];
        put?: never;
        /**
         * Create a pull request
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createPullRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pull-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one pull request
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getPullRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a pull request (a new status must be a valid transition)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updatePullRequest"];
        trace?: never;
    };
    "/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List versions, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listVersions"];
        put?: never;
        /**
         * Create a component version; without pullRequestIds it takes every merged, unversioned pull request
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one. Deploy-only tokens too.
         */
        post: operations["createVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/versions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one version
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List releases, newest first; with q, the best matches of a full text search
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listReleases"];
        put?: never;
        /**
         * Create a product release; without versionIds it takes the newest version of each component
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one. Deploy-only tokens too.
         */
        post: operations["createRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/releases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one release
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getRelease"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List environments, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listEnvironments"];
        put?: never;
        /**
         * Create an environment
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        post: operations["createEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/environments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one environment
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getEnvironment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an environment
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        patch: operations["updateEnvironment"];
        trace?: never;
    };
    "/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List deployments, newest first; with q, the best matches of a full text search
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listDeployments"];
        put?: never;
        /**
         * Record a deployment; success in production runs snapback. A repeated externalId is the same deployment
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one. Deploy-only tokens too.
         */
        post: operations["createDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deployments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one deployment
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["getDeployment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a deployment's status; success in production runs snapback
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one. Deploy-only tokens too.
         */
        patch: operations["updateDeployment"];
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List notifications, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one notification
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getNotification"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/brainstorm-topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List brainstorm topics, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listBrainstormTopics"];
        put?: never;
        /**
         * Create a brainstorm topic
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createBrainstormTopic"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/brainstorm-topics/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one brainstorm topic
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getBrainstormTopic"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a brainstorm topic (a new status must be a valid transition)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updateBrainstormTopic"];
        trace?: never;
    };
    "/brainstorm-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List brainstorm sessions, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listBrainstormSessions"];
        put?: never;
        /**
         * Create a brainstorm session
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createBrainstormSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/brainstorm-sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one brainstorm session
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getBrainstormSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a brainstorm session (a new status must be a valid transition)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        patch: operations["updateBrainstormSession"];
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one user
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/patterns/{id}/priority": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Why a pattern ranks where it does: each factor of its priority (volume, reach, recency, velocity, channels)
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["explainPatternPriority"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/loops/{id}/emerging-digest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * An owner turns their daily email of the loop's emerging patterns on or off
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        put: operations["setEmergingDigest"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/{id}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Merge this pattern into targetId: its signals (with who attached them and when) and improvements move, it becomes merged; preview: true only counts
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["mergePattern"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/{id}/split": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Split signals off this pattern into a new one in its loop; preview: true only counts (and needs no title)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["splitPattern"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/{id}/moves": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The merges and splits this pattern took part in, newest first (at most 100), each with whether it can be undone now and why not
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listPatternMoves"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pattern-moves/{id}/undo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo a merge or split (the latest of its patterns): attachments and improvements go back as they were, except signals people took off the target since (signalsLeft) and improvements they unlinked from it (improvementsLeft)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["undoPatternMove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search signals, patterns, improvements, contacts, releases and deployments: the best matches, ranked together (title over body, prefixes as you type, typos in titles)
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["searchAll"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * New patterns to propose: groups of 3+ similar signals among the newest 300 attached to none, each with a suggested title
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listPatternProposals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/proposals/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept a proposal: create the pattern with those of its signals still attached to none (the answer names the others), in one transaction
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["acceptPatternProposal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signals/{id}/suggestions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The patterns this signal most likely belongs to, best first, each with a score (0–1) and why
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["suggestPatterns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/matcher": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The matcher's configuration in force (its version and fingerprint rules) and its embeddings provider, if any
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getMatcher"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the matcher's settings — the score from which suggestions are shown, and how many at most — for every loop: a new matcher version (administrators)
         * @description An administrator of the installation (a session, or an unbound admin-scoped token).
         */
        patch: operations["configureMatcher"];
        trace?: never;
    };
    "/matcher/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a fingerprint rule (a regex or error code on title, body or channel → a pattern): a new matcher version
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["addFingerprintRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/matcher/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a fingerprint rule: a new matcher version (signals it filed stay where they are)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        delete: operations["removeFingerprintRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signals/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive up to 1,000 signals in one transaction
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["createSignals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signals/batch/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What POST /signals/batch would do with these signals, writing nothing: how many are new, already there (same channel and externalId), and how many people are new (an import's dry run)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["checkSignals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/{id}/signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach signals to a pattern (idempotent); refreshes its priority. Answers the pattern with how many it attached and how many were attached already
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["attachSignals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/patterns/{id}/signals/{signalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Detach a signal from a pattern (a builder of the pattern's loop or of the signal's)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        delete: operations["detachSignal"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/versions/{id}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per product built from the version's component: whether a release includes this version (or a newer one) yet
         * @description A member of any loop (viewer and up), or a read, write or admin token. Deploy-only tokens too.
         */
        get: operations["listVersionProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deployments/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What POST /deployments would do with this body, recording nothing: the deployment as it would be (id null when it would be new: nothing of it is kept) and what its snapback or rollback would do, the people it would tell included (a dry run)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one. Deploy-only tokens too.
         */
        post: operations["previewDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/deployments/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What PATCH /deployments/:id would do with this status, changing nothing: what its snapback or rollback would move on or take back, the people it would tell included (a dry run)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one. Deploy-only tokens too.
         */
        post: operations["previewDeploymentStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signals/{id}/conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a signal's conversation, oldest first: messages in and out, and snapback notifications
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["getSignalConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signals/{id}/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a signal in its own thread (an email reply with In-Reply-To/References, or the channel's webhook), through the outbox
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["replyToSignal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries waiting, sent or dead, newest first
         * @description A member of any loop (viewer and up), or a read, write or admin token.
         */
        get: operations["listOutbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/outbox/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a dead delivery again
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["retryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/answers/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The page an answer link opens: it asks to confirm (mail scanners open links; only a POST records)
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        get: operations["getAnswerPage"];
        put?: never;
        /**
         * Record the answer of a signed link: it becomes a signal; 'still broken' reopens the pattern
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["recordAnswer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event webhook subscriptions you manage, newest first (never their secrets)
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        get: operations["listWebhookSubscriptions"];
        put?: never;
        /**
         * Subscribe a URL to event types of a loop (or, for administrators, of every loop); the secret is shown once
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        post: operations["createWebhookSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one event webhook subscription (never its secret)
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        get: operations["getWebhookSubscription"];
        put?: never;
        post?: never;
        /**
         * Remove an event webhook subscription: nothing more is sent to it
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        delete: operations["removeWebhookSubscription"];
        options?: never;
        head?: never;
        /**
         * Change an event webhook subscription's URL, event types, secret or private-network setting
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        patch: operations["updateWebhookSubscription"];
        trace?: never;
    };
    "/channels/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The health of every channel the caller owns: last delivery in and out, errors, dead letters
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        get: operations["listChannelHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A channel's health: last delivery in and out, counts of pending, retrying and dead deliveries, recent errors
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        get: operations["getChannelHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/deliveries/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay a dead inbound delivery of a channel (a GitHub event that failed) or retry a dead outbound one: due again now, with fresh attempts
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        post: operations["replayChannelDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a signal, signed with the channel's webhookSecret (X-Loopwork-Signature: sha256=HMAC(secret, '<X-Loopwork-Timestamp>.<body>')) or carrying it (Authorization: Bearer <secret>); the body is a signal, or any JSON the channel's config.mapping reads (docs/CHANNELS.md); X-Loopwork-Delivery or the mapped externalId makes a repeat harmless
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["receiveChannelWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/github": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a GitHub webhook delivery for a GitHub channel: X-Hub-Signature-256 verified with the channel's webhookSecret, X-GitHub-Delivery makes a redelivery harmless; applied by a worker
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["receiveGithubWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/github/backfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import the open issues and pull requests of a GitHub channel's repository, once (paged by a worker, resumable)
         * @description An owner of the loop that owns the target, or an admin-scoped token of one.
         */
        post: operations["backfillGithubChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/discourse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a Discourse webhook (Topic and Post events) into a forum channel, signed with the channel's webhookSecret (X-Discourse-Event-Signature: sha256=HMAC(secret, body)); topic_created makes a signal, post_created in its topic a message of its conversation; X-Discourse-Event-Id makes a redelivery change nothing, and a topic or post made more than 30 days ago is stale (docs/CHANNELS.md)
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["receiveDiscourseWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The feedback widget's script, for a script tag with data-channel on the pages a widget channel allows (docs/CHANNELS.md)
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        get: operations["getWidgetScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{id}/widget": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A message sent from the feedback widget on a page whose origin the widget channel allows (config.widgetOrigins): a signal from that person
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["receiveWidgetMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customer/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact's own signals and what became of each (a page; JSON with Accept: application/json)
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        get: operations["getCustomerView"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customer/{token}/answers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer 'works' or 'still broken' about one of the contact's own notifications
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["answerFromCustomerView"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customer-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a fresh link to their own view to the contact with this address, if there is one
         * @description Anyone: the route checks its own credential (a signed link or signature) or needs none.
         */
        post: operations["requestCustomerLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}/customer-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a contact a fresh link to their own view, as the builder who asks (at most one such email per contact every 10 minutes)
         * @description A builder or owner of the loop that owns the target, or a write or admin token of one.
         */
        post: operations["sendCustomerLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /**
                 * @description Stable; see docs/ERRORS.md.
                 * @enum {string}
                 */
                code: "invalid_json" | "invalid_input" | "invalid_cursor" | "body_too_large" | "headers_too_large" | "unsupported_media_type" | "not_found" | "route_not_found" | "method_not_allowed" | "conflict" | "invalid_transition" | "pattern_merged" | "pattern_notified" | "move_not_undoable" | "signals_attached" | "invalid_signature" | "link_expired" | "unauthenticated" | "sign_in_failed" | "forbidden" | "csrf_failed" | "origin_not_allowed" | "rate_limited" | "unreachable" | "data_folder_in_use" | "secret_unreadable" | "internal_error";
                /** @description What went wrong and what to do, for a person. */
                message: string;
                /** @description The offending field, e.g. body.urgency. */
                path?: string;
                issues?: {
                    path: string;
                    message: string;
                }[];
            };
        };
        TimelineEvent: {
            id: number;
            /** Format: date-time */
            at: string;
            actor: string;
            entityType: string;
            entityId: string;
            verb: string;
            before: unknown;
            after: unknown;
            /** @description What people call the entity, as it is now: a title, a name, component@version, product@release, 'web 2026.11 to production'; null when it has none or no longer exists */
            label: string | null;
        };
        LoopMetrics: {
            windowDays: number;
            signalToSnapback: components["schemas"]["DurationSummary"];
            cycleTime: components["schemas"]["DurationSummary"];
            throughputPerWeek: number;
            deploymentsPerWeek: number;
            changeFailureRate: number | null;
        };
        /** @description Durations in seconds. */
        DurationSummary: {
            count: number;
            median: number | null;
            p90: number | null;
            mean: number | null;
        };
        Trace: {
            root: {
                type: string;
                /** Format: uuid */
                id: string;
            };
            nodes: {
                type: string;
                /** Format: uuid */
                id: string;
                title: string;
                status: string | null;
                /** Format: date-time */
                at: string | null;
            }[];
            /** @description How two items link, read 'from <relation> to' (docs/API.md, Trace). */
            edges: {
                /** Format: uuid */
                from: string;
                /** Format: uuid */
                to: string;
                relation: string;
            }[];
            /** @description Types with more items than the limit. */
            truncated: string[];
            limit: number;
            signals: {
                [key: string]: unknown;
            }[];
            patterns: {
                [key: string]: unknown;
            }[];
            improvements: {
                [key: string]: unknown;
            }[];
            issues: {
                [key: string]: unknown;
            }[];
            pullRequests: {
                [key: string]: unknown;
            }[];
            versions: {
                [key: string]: unknown;
            }[];
            releases: {
                [key: string]: unknown;
            }[];
            deployments: {
                [key: string]: unknown;
            }[];
            contacts: {
                [key: string]: unknown;
            }[];
            notifications: {
                [key: string]: unknown;
            }[];
        };
        NewSession: {
            user: {
                /** Format: uuid */
                id: string;
                email: string;
                name: string;
                admin: boolean;
            };
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
        };
        User: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            admin: boolean;
            signedUp: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        OneTimeLink: {
            url: string;
            /** Format: date-time */
            expiresAt: string;
        };
        Member: {
            /** Format: uuid */
            userId: string;
            email: string;
            name: string;
            /** @enum {string} */
            role: "viewer" | "builder" | "owner";
        };
        Token: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            userId: string;
            /** Format: uuid */
            loopId: string | null;
            name: string;
            /** @enum {string} */
            scope: "read" | "write" | "deploy" | "admin";
            prefix: string;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: date-time */
            revokedAt: string | null;
            /** Format: date-time */
            lastUsedAt: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        Loop: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            description: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Product: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string;
            slug: string;
            name: string;
            description: string;
            componentIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Component: {
            /** Format: uuid */
            id: string;
            slug: string;
            name: string;
            repositoryUrl: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Channel: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string;
            slug: string;
            name: string;
            /** @enum {string} */
            kind: "email" | "forum" | "github" | "chat" | "widget" | "api" | "webhook" | "csv";
            config: {
                webhookUrl?: string;
                allowPrivateNetwork?: boolean;
                address?: string;
                /** @description Email channels: the list (a Google Group) the address is a member of; its copies are customers' mail. */
                listAddress?: string;
                /** @description GitHub channels: the repository, owner/name. */
                repository?: string;
                /** @enum {string} */
                githubRole?: "feedback" | "component";
                /** Format: uuid */
                componentId?: string;
                githubApiUrl?: string;
                widgetOrigins?: string[];
                mapping?: {
                    [key: string]: unknown;
                };
                webhookSecretSet: boolean;
                imapUrlSet: boolean;
                githubTokenSet?: boolean;
                forumUrl?: string;
                forumApiUsername?: string;
                forumApiKeySet: boolean;
                autoAttachThreshold?: number;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Contact: {
            /** Format: uuid */
            id: string;
            name: string;
            email: string | null;
            account: string | null;
            /** @description Their GitHub login, when they wrote through a GitHub channel. */
            githubLogin: string | null;
            weight: number;
            /** @description The environments this person is pinned to. */
            environments: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Signal: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            channelId: string;
            /** Format: uuid */
            contactId: string | null;
            /** Format: uuid */
            productId: string | null;
            /** @enum {string} */
            kind: "report" | "works" | "still_broken";
            title: string;
            body: string;
            /** @enum {string} */
            urgency: "low" | "normal" | "high" | "critical";
            /** Format: date-time */
            receivedAt: string;
            threadRef: string | null;
            externalId: string | null;
            productVersion: string | null;
            /** @description The JSON the channel delivered, as it came (null when none). */
            raw: unknown;
            patternIds: string[];
            /** Format: date-time */
            createdAt: string;
        };
        Pattern: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string | null;
            title: string;
            description: string;
            /** @enum {string} */
            status: "open" | "addressed" | "dismissed" | "merged";
            /**
             * Format: uuid
             * @description The pattern this one was merged into (status merged).
             */
            mergedIntoId: string | null;
            priority: number;
            /** Format: date-time */
            priorityRefreshedAt: string | null;
            signalCount: number;
            reportLow: number;
            reportNormal: number;
            reportHigh: number;
            reportCritical: number;
            reach: number;
            /** Format: date-time */
            lastSignalAt: string | null;
            /** @description Velocity factor × channel factor: priority = base × momentum (GET /patterns/{id}/priority). */
            momentum: number;
            /**
             * Format: date-time
             * @description Since when its reports spike (null: they do not).
             */
            emergingSince: string | null;
            generation: number;
            /** Format: date-time */
            addressedAt: string | null;
            improvementIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Improvement: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string;
            title: string;
            why: string;
            what: string;
            how: string;
            /** Format: uuid */
            ownerId: string | null;
            /** @enum {string} */
            status: "proposed" | "approved" | "in_progress" | "completed" | "rejected";
            /** Format: date-time */
            completedAt: string | null;
            productIds: string[];
            patternIds: string[];
            componentIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Issue: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            componentId: string;
            /** Format: uuid */
            improvementId: string | null;
            number: number | null;
            url: string | null;
            title: string;
            body: string;
            /** @enum {string} */
            status: "open" | "resolved" | "closed";
            /** Format: date-time */
            resolvedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PullRequest: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            componentId: string;
            number: number | null;
            url: string | null;
            title: string;
            /** @enum {string} */
            status: "open" | "merged" | "closed" | "shipped";
            /** Format: date-time */
            mergedAt: string | null;
            /** Format: date-time */
            shippedAt: string | null;
            issueIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Version: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            componentId: string;
            name: string;
            pullRequestIds: string[];
            /** Format: date-time */
            createdAt: string;
        };
        Release: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            productId: string;
            name: string;
            versionIds: string[];
            /** Format: date-time */
            createdAt: string;
        };
        Environment: {
            name: string;
            production: boolean;
            /**
             * Format: uuid
             * @description The product it serves (null: every product).
             */
            productId: string | null;
            accounts: string[];
            contactIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Deployment: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            releaseId: string;
            /** Format: uuid */
            productId: string;
            environment: string;
            /** @enum {string} */
            status: "pending" | "running" | "success" | "failed" | "rolled_back";
            externalId: string | null;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: date-time */
            rolledBackAt: string | null;
            productSlug: string;
            releaseName: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Notification: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            patternId: string;
            /** Format: uuid */
            contactId: string;
            /**
             * Format: uuid
             * @description The signal whose thread it answers: the contact's first on the pattern.
             */
            signalId: string;
            /**
             * Format: uuid
             * @description The deployment that queued it.
             */
            deploymentId: string;
            generation: number;
            /** @enum {string} */
            status: "queued" | "sent" | "failed" | "cancelled";
            /** @enum {string|null} */
            answer: "works" | "still_broken" | null;
            /** Format: date-time */
            firstSignalAt: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            sentAt: string | null;
            /** Format: date-time */
            answeredAt: string | null;
            /** Format: date-time */
            withdrawnAt: string | null;
            contactName: string;
            contactEmail: string | null;
            patternTitle: string;
            leadTimeSeconds: number | null;
        };
        BrainstormTopic: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string;
            /** @enum {string} */
            kind: "what" | "how";
            title: string;
            notes: string;
            /** @enum {string|null} */
            entityType: "pattern" | "improvement" | "issue" | "signal" | null;
            /** Format: uuid */
            entityId: string | null;
            /** @enum {string} */
            status: "queued" | "discussed" | "dropped";
            /** Format: uuid */
            sessionId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        BrainstormSession: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string;
            /** @enum {string} */
            kind: "what" | "how";
            /** Format: date-time */
            scheduledAt: string;
            agenda: string;
            notes: string;
            outcomes: string;
            /** @enum {string} */
            status: "planned" | "held" | "cancelled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PatternWithSignals: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string | null;
            title: string;
            description: string;
            /** @enum {string} */
            status: "open" | "addressed" | "dismissed" | "merged";
            /**
             * Format: uuid
             * @description The pattern this one was merged into (status merged).
             */
            mergedIntoId: string | null;
            priority: number;
            /** Format: date-time */
            priorityRefreshedAt: string | null;
            signalCount: number;
            reportLow: number;
            reportNormal: number;
            reportHigh: number;
            reportCritical: number;
            reach: number;
            /** Format: date-time */
            lastSignalAt: string | null;
            /** @description Velocity factor × channel factor: priority = base × momentum (GET /patterns/{id}/priority). */
            momentum: number;
            /**
             * Format: date-time
             * @description Since when its reports spike (null: they do not).
             */
            emergingSince: string | null;
            generation: number;
            /** Format: date-time */
            addressedAt: string | null;
            improvementIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            signals?: {
                items: components["schemas"]["Signal"][];
                count: number;
                nextCursor: string | null;
            };
        };
        PatternPriority: {
            /** Format: uuid */
            patternId: string;
            /** @description base × momentum, as of computedAt. */
            priority: number;
            /** @description What lists sort by: recomputed with every attachment, and hourly. */
            storedPriority: number;
            /** @description Its place among open patterns by stored priority (null unless open). */
            rank: number | null;
            /** @description volume × reachFactor × recencyFactor, rounded. */
            base: number;
            /** @description velocity.factor × channelFactor. */
            momentum: number;
            /** @description Reports weighted by urgency: low ½, normal 1, high 2, critical 4. */
            volume: number;
            /** @description 1 + log2(1 + reach). */
            reachFactor: number;
            /** @description Halves every 14 days since the newest report. */
            recencyFactor: number;
            ageDays: number | null;
            velocity: components["schemas"]["PatternVelocity"];
            /** @description Distinct channels its reports came from. */
            channels: number;
            /** @description 1 + ¼ log2(channels). */
            channelFactor: number;
            /** Format: date-time */
            emergingSince: string | null;
            reports: {
                low: number;
                normal: number;
                high: number;
                critical: number;
            };
            reach: number;
            /** Format: date-time */
            lastSignalAt: string | null;
            /** Format: date-time */
            computedAt: string;
        };
        PatternVelocity: {
            /** @description Reports today and the six days before. */
            recent: number;
            /** @description Reports in the 28 days before those. */
            baseline: number;
            recentPerDay: number;
            baselinePerDay: number;
            /** @description recentPerDay over baselinePerDay (a baseline of no report counts as one). */
            ratio: number;
            /** @description At least 3 recent reports arriving at least twice the baseline rate. */
            emerging: boolean;
            /** @description What velocity multiplies the priority by: 1 to 2. */
            factor: number;
        };
        EmergingDigest: {
            /** Format: uuid */
            loopId: string;
            enabled: boolean;
        };
        PatternMoveResult: {
            /**
             * Format: uuid
             * @description Undo with POST /pattern-moves/{moveId}/undo; null for a preview.
             */
            moveId: string | null;
            preview: components["schemas"]["PatternMovePreview"];
            source: components["schemas"]["Pattern"];
            /** @description The new pattern of a split (null in its preview). */
            target: components["schemas"]["Pattern"] | null;
            /** @description A merge into an addressed pattern: the people behind the merged-in reports told now (once each). */
            notificationsQueued?: number;
        };
        PatternMovePreview: {
            /** @description Attachments taken from the source. */
            signals: number;
            /** @description Of those, signals the target holds already. */
            signalsAlreadyOnTarget: number;
            /** @description Distinct contacts behind the moved reports. */
            contacts: number;
            contactsAlreadyOnTarget: number;
            /** @description Improvement links taken from the source (a merge only). */
            improvements: number;
            improvementsAlreadyOnTarget: number;
            /** @description Up to 20 of the moved signals, newest first. */
            sampleSignalIds: string[];
        };
        ListedPatternMove: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "merge" | "split";
            /** Format: uuid */
            sourceId: string;
            /** Format: uuid */
            targetId: string;
            actor: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            undoneAt: string | null;
            undoneBy: string | null;
            /** @description Whether POST /pattern-moves/{id}/undo would take it now. */
            undoable: boolean;
            /** @description Why not, as the undo would answer (undone already, a later move to undo first, the pattern's people were told its fix is live, …); null when undoable. */
            whyNot: string | null;
            /** @description The code that undo would refuse with: move_not_undoable, invalid_transition, pattern_notified, pattern_merged. */
            whyNotCode: string | null;
        };
        PatternMove: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "merge" | "split";
            /** Format: uuid */
            sourceId: string;
            /** Format: uuid */
            targetId: string;
            actor: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            undoneAt: string | null;
            undoneBy: string | null;
        };
        PatternMoveSignalLeft: {
            /** Format: uuid */
            signalId: string;
            /**
             * @description detached: on no pattern now; moved: attached elsewhere since (patternIds).
             * @enum {string}
             */
            reason: "detached" | "moved";
            /** @description The patterns the signal is on now, where people put it. */
            patternIds: string[];
            /** @description Who took it off the target after the move (the timeline's actor). */
            detachedBy: string | null;
            /** Format: date-time */
            detachedAt: string | null;
        };
        SearchHit: {
            /** @enum {string} */
            type: "signal" | "pattern" | "improvement" | "contact" | "release" | "deployment";
            /** Format: uuid */
            id: string;
            title: string;
            /** @description A few words of the body around the matched words, each match between « and ». */
            snippet: string;
            rank: number;
            /** Format: date-time */
            at: string;
            status: string | null;
        };
        PatternProposal: {
            title: string;
            signalIds: string[];
            sharedTerms: string[];
            cohesion: number;
            /** @description The loops its signals come from (their channels'), the one most come from first: accept it into one of them (loopId). */
            loops: {
                /** Format: uuid */
                loopId: string;
                signals: number;
            }[];
        };
        AcceptedProposal: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string | null;
            title: string;
            description: string;
            /** @enum {string} */
            status: "open" | "addressed" | "dismissed" | "merged";
            /**
             * Format: uuid
             * @description The pattern this one was merged into (status merged).
             */
            mergedIntoId: string | null;
            priority: number;
            /** Format: date-time */
            priorityRefreshedAt: string | null;
            signalCount: number;
            reportLow: number;
            reportNormal: number;
            reportHigh: number;
            reportCritical: number;
            reach: number;
            /** Format: date-time */
            lastSignalAt: string | null;
            /** @description Velocity factor × channel factor: priority = base × momentum (GET /patterns/{id}/priority). */
            momentum: number;
            /**
             * Format: date-time
             * @description Since when its reports spike (null: they do not).
             */
            emergingSince: string | null;
            generation: number;
            /** Format: date-time */
            addressedAt: string | null;
            improvementIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Signals attached to the new pattern: those of the proposal still on none. */
            attached: number;
            /** @description Signals named that were attached to a pattern since the proposal was made: left where they are. */
            skipped: {
                /** Format: uuid */
                signalId: string;
                /** @description The patterns it is on, first attached first. */
                patternIds: string[];
            }[];
        };
        SuggestionEmbeddings: {
            /**
             * @description unavailable: configured, but the provider failed or timed out: these scores are text only.
             * @enum {string}
             */
            state: "off" | "used" | "unavailable";
            model: string | null;
            reason: string | null;
        };
        PatternSuggestion: {
            /** Format: uuid */
            patternId: string;
            title: string;
            score: number;
            reasons: string[];
            sharedTerms: string[];
            similarSignals: {
                /** Format: uuid */
                id: string;
                title: string;
                similarity: number;
            }[];
            /** Format: uuid */
            ruleId: string | null;
            /** @description With embeddings: the cosine of the signal and the pattern's text nearest in meaning. */
            meaning?: number | null;
        };
        MatcherConfig: {
            version: number;
            rules: components["schemas"]["FingerprintRule"][];
            minScore: number;
            limit: number;
            embeddings: components["schemas"]["MatcherEmbeddings"];
        };
        FingerprintRule: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            patternId: string;
            /** @enum {string} */
            field: "title" | "body" | "channel" | "any";
            /** @enum {string} */
            kind: "regex" | "error_code";
            expression: string;
        };
        MatcherEmbeddings: {
            /** @description Off unless LOOPWORK_EMBEDDINGS_URL is set: the matcher then compares terms only. */
            enabled: boolean;
            model: string | null;
            /** @description The provider's address, without credentials, query or fragment. */
            url: string | null;
            /** @description Whether a key is sent (LOOPWORK_EMBEDDINGS_KEY); the key itself is never shown. */
            keySet: boolean;
            timeoutMs: number | null;
            /**
             * Format: date-time
             * @description In the process that answers.
             */
            lastSuccessAt: string | null;
            lastFailure: {
                /** Format: date-time */
                at: string;
                reason: string;
            } | null;
        };
        PatternAttachment: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string | null;
            title: string;
            description: string;
            /** @enum {string} */
            status: "open" | "addressed" | "dismissed" | "merged";
            /**
             * Format: uuid
             * @description The pattern this one was merged into (status merged).
             */
            mergedIntoId: string | null;
            priority: number;
            /** Format: date-time */
            priorityRefreshedAt: string | null;
            signalCount: number;
            reportLow: number;
            reportNormal: number;
            reportHigh: number;
            reportCritical: number;
            reach: number;
            /** Format: date-time */
            lastSignalAt: string | null;
            /** @description Velocity factor × channel factor: priority = base × momentum (GET /patterns/{id}/priority). */
            momentum: number;
            /**
             * Format: date-time
             * @description Since when its reports spike (null: they do not).
             */
            emergingSince: string | null;
            generation: number;
            /** Format: date-time */
            addressedAt: string | null;
            improvementIds: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** @description Signals this request attached. */
            attached: number;
            /** @description Signals it named that were attached already (each counted once). */
            alreadyAttached: number;
        };
        SnapbackResult: {
            versionsReleased: number;
            pullRequestsShipped: number;
            pullRequestsUnshipped: number;
            issuesResolved: number;
            issuesReopened: number;
            improvementsCompleted: string[];
            improvementsReopened: string[];
            patternsAddressed: string[];
            patternsReopened: string[];
            notificationsQueued: number;
            notificationsCancelled: number;
            followUpsQueued: number;
            /** @description Nothing changed: the same report again. */
            replay: boolean;
        };
        DeploymentPreview: {
            deployment: {
                /**
                 * Format: uuid
                 * @description null when recording it would make a new deployment: a preview keeps nothing, so it has no id to follow. The id of the deployment it would change otherwise (a run's externalId again, a rollback).
                 */
                id: string | null;
                /** Format: uuid */
                releaseId: string;
                /** Format: uuid */
                productId: string;
                environment: string;
                /** @enum {string} */
                status: "pending" | "running" | "success" | "failed" | "rolled_back";
                externalId: string | null;
                /** Format: date-time */
                startedAt: string;
                /** Format: date-time */
                finishedAt: string | null;
                /** Format: date-time */
                rolledBackAt: string | null;
                productSlug: string;
                releaseName: string;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                updatedAt: string;
            };
            snapback: components["schemas"]["SnapbackResult"];
        };
        Conversation: {
            /** Format: uuid */
            signalId: string;
            items: components["schemas"]["ConversationEntry"][];
        };
        ConversationEntry: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            type: "message" | "snapback" | "rolled_back";
            /** @enum {string} */
            direction: "in" | "out";
            channelKind: string;
            /** @description The adapter's own id: an email's Message-ID, a comment id. */
            externalId: string | null;
            /** Format: uuid */
            authorContactId: string | null;
            /** Format: uuid */
            authorUserId: string | null;
            subject: string | null;
            body: string;
            /** @description Sanitised when it came in: safe to show as it is. */
            html: string | null;
            /** @enum {string} */
            status: "received" | "queued" | "sent" | "failed";
            attachments: {
                /** Format: uuid */
                id: string;
                filename: string | null;
                contentType: string;
                size: number;
                stored: boolean;
                skippedReason: string | null;
            }[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            sentAt: string | null;
        };
        OutboxEntry: {
            /** Format: uuid */
            id: string;
            kind: string;
            idempotencyKey: string;
            /** Format: uuid */
            notificationId: string | null;
            /** @enum {string} */
            status: "pending" | "sending" | "delivered" | "dead" | "cancelled";
            attempts: number;
            maxAttempts: number;
            /** Format: date-time */
            nextAttemptAt: string;
            /** Format: date-time */
            lockedUntil: string | null;
            lastError: string | null;
            transport: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** @description Whom it goes to: the notification's contact, or whom a customer link is for. */
            recipient: {
                /** Format: uuid */
                contactId: string;
                name: string;
                email: string | null;
            } | null;
            /** @description The notification's pattern. */
            pattern: {
                /** Format: uuid */
                id: string;
                title: string;
            } | null;
        };
        WebhookSubscription: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            loopId: string | null;
            url: string;
            eventTypes: string[];
            allowPrivateNetwork: boolean;
            /** @enum {boolean} */
            secretSet: true;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ChannelHealth: {
            /** Format: uuid */
            channelId: string;
            slug: string;
            kind: string;
            /** @description The newest thing taken in: a signal, a message of a thread, a GitHub or Discourse event. */
            lastInbound: {
                /** Format: date-time */
                at: string;
                what: string;
            } | null;
            /** @description The newest delivery out that reached its target. */
            lastOutbound: {
                /** Format: date-time */
                at: string;
                what: string;
            } | null;
            outbox: {
                pending: number;
                retrying: number;
                dead: number;
            };
            /** @description The newest dead deliveries (in: replay; out: retry). */
            dead: {
                /** Format: uuid */
                id: string;
                kind: string;
                /** @enum {string} */
                direction: "in" | "out";
                status: string;
                attempts: number;
                lastError: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                deliveredAt: string | null;
            }[];
            /** @description Refused inbound deliveries (bad signatures, emails not taken in) and delivery errors, newest first. */
            recentErrors: {
                /** Format: date-time */
                at: string;
                code: string;
                reason: string;
                /** Format: uuid */
                deliveryId: string | null;
            }[];
        };
        GithubDelivery: {
            delivery: string;
            event: string;
            /**
             * @description queued: applied shortly by a worker; duplicate: this delivery was received before; stale: the change it carries is older than the 30-day replay window (a replay: not applied); ignored: an event Loopwork does not map.
             * @enum {string}
             */
            status: "queued" | "duplicate" | "stale" | "ignored" | "pong";
        };
        GithubBackfill: {
            /** Format: uuid */
            outboxId: string;
            status: string;
            queued: boolean;
        };
        ForumEventOutcome: {
            /**
             * @description created: a new signal; joined: a message of a signal's conversation; duplicate: this event, topic or post was taken before; stale: its topic or post is older than the 30-day replay window (a replay: not applied); ignored: an event or post Loopwork does not take (reason).
             * @enum {string}
             */
            status: "created" | "joined" | "duplicate" | "stale" | "ignored";
            /** Format: uuid */
            signalId?: string | null;
            /** Format: uuid */
            messageId?: string | null;
            reason?: string;
        };
        CustomerView: {
            contact: {
                name: string;
            };
            signals: {
                /** Format: uuid */
                id: string;
                title: string;
                body: string;
                /** Format: date-time */
                receivedAt: string;
                channel: string;
                /** @enum {string} */
                stage: "received" | "attached" | "planned" | "shipped" | "confirmed" | "still_broken";
                patterns: {
                    title: string;
                    /** @enum {string} */
                    stage: "received" | "attached" | "planned" | "shipped" | "confirmed" | "still_broken";
                    shipped: {
                        /** Format: uuid */
                        notificationId: string;
                        release: {
                            product: string;
                            name: string;
                        };
                        /** @enum {string|null} */
                        answer: "works" | "still_broken" | null;
                        /** Format: date-time */
                        answeredAt: string | null;
                    } | null;
                }[];
            }[];
        };
        CustomerLinkSent: {
            /**
             * @description queued: an email is on its way; sent_recently: one went within the last 10 minutes, none queued
             * @enum {string}
             */
            status: "queued" | "sent_recently";
            /** Format: uuid */
            contactId: string;
            email: string;
            /**
             * Format: uuid
             * @description The outbox row of the email (GET /outbox shows how it went).
             */
            outboxId: string;
            /** Format: date-time */
            queuedAt: string;
        };
    };
    responses: {
        /** @description invalid_json, invalid_input or invalid_cursor: the error names the field (path, issues). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description unauthenticated, sign_in_failed or invalid_signature: no valid credential came with the request. */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description forbidden or csrf_failed: the credential may not do this. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description not_found: the target, or an entity the body names, does not exist. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description conflict, invalid_transition, pattern_merged, pattern_notified, move_not_undoable or signals_attached: the request clashes with what is stored. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description link_expired: the signed link has expired or was already used. */
        Gone: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description body_too_large: the body is larger than this server accepts. */
        BodyTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description unsupported_media_type: send the body as application/json. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description rate_limited: too many requests; Retry-After says when to try again. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description headers_too_large: the URL and headers together are larger than 16,384 bytes. */
        HeadersTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description internal_error: a bug on the server's side (it is logged). */
        UnexpectedError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Is this process up and its database reachable? */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        database: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listTimelineEvents: {
        parameters: {
            query?: {
                entityType?: string;
                entityId?: string;
                deploymentId?: string;
                actor?: string;
                loopId?: string;
                after?: number;
                before?: number;
                order?: "asc" | "desc";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Timeline events oldest first (page with after=<nextCursor>), or newest first with order=desc (page with before=<nextCursor>); a page reads at most 10,000 events, so a filtered page may be short and still have a nextCursor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["TimelineEvent"][];
                        nextCursor: string | null;
                        /** @description Every event with an id at or below this one is committed or never will be: a reader going on oldest first with after=<id> at or below it misses nothing (docs/API.md, The timeline) */
                        horizon: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    streamTimelineEvents: {
        parameters: {
            query?: {
                entityType?: string;
                entityId?: string;
                deploymentId?: string;
                actor?: string;
                loopId?: string;
                after?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live timeline as Server-Sent Events, from every process sharing the database (Last-Event-ID resumes) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMetrics: {
        parameters: {
            query?: {
                days?: number;
                loopId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How fast the loop turns: signal-to-snapback lead time, cycle time, throughput, deployment frequency, change failure rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoopMetrics"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getTrace: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                type: "signal" | "pattern" | "improvement" | "issue" | "pull_request" | "version" | "release" | "deployment";
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What happened through an entity, both ways: items by type, nodes and the edges between them, people and notifications */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Trace"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Who is signed in: the person, their roles per loop, the token's scope, the session's CSRF token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            name: string;
                            admin: boolean;
                        };
                        /** @description loop id → the person's role there */
                        roles: {
                            [key: string]: "viewer" | "builder" | "owner";
                        };
                        /** @enum {string} */
                        scope: "read" | "write" | "deploy" | "admin";
                        /** Format: uuid */
                        loopId?: string | null;
                        csrfToken: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Sign in with email and password: sets an HttpOnly session cookie and answers its CSRF token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewSession"];
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sign out: ends the session on the server and clears the cookie */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        signedOut: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getSetupPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The first-run page (its link is printed at the first start): make the first administrator */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description While the link works and the web role serves the workspace: to its page for the link, /app/setup/<token> */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            410: components["responses"]["Gone"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    completeSetup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    password: string;
                };
                "application/x-www-form-urlencoded": {
                    /** Format: email */
                    email: string;
                    name: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Use the first-run link once: creates the first administrator and signs them in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewSession"];
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getInvitationPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page an invitation link opens: choose a password */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description While the link works and the web role serves the workspace: to its page for it, /app/invitations/<token> */
            302: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            410: components["responses"]["Gone"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                };
                "application/x-www-form-urlencoded": {
                    password: string;
                };
            };
        };
        responses: {
            /** @description Use an invitation once: sets the person's password and signs them in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewSession"];
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                email?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List users, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    admin?: boolean;
                };
            };
        };
        responses: {
            /** @description Invite a person: answers the user and a one-time link (shown only now) where they choose a password */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user: components["schemas"]["User"];
                        invitation: components["schemas"]["OneTimeLink"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new one-time link for a person to choose a password (a lost password, an expired invitation) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OneTimeLink"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listLoopMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The people of a loop and their roles */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Member"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setLoopMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role: "viewer" | "builder" | "owner";
                };
            };
        };
        responses: {
            /** @description Give a person a role in a loop (owner, builder or viewer), or change it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    removeLoopMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Take a person's role in a loop away */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        removed: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description API tokens you may see: your own; an owner's also those of their loops; an administrator's all */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Token"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    scope: "read" | "write" | "deploy" | "admin";
                    /** Format: uuid */
                    loopId?: string | null;
                    expiresInDays?: number;
                };
            };
        };
        responses: {
            /** @description Make an API token (shown once): scope read, write, deploy or admin; optionally bound to one loop; optionally expiring */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        userId: string;
                        /** Format: uuid */
                        loopId: string | null;
                        name: string;
                        /** @enum {string} */
                        scope: "read" | "write" | "deploy" | "admin";
                        prefix: string;
                        /** Format: date-time */
                        expiresAt: string | null;
                        /** Format: date-time */
                        revokedAt: string | null;
                        /** Format: date-time */
                        lastUsedAt: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description The token itself: shown only in this answer. */
                        token: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoke an API token at once */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listLoops: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                slug?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List loops, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Loop"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createLoop: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    slug: string;
                    name: string;
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Create a loop */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loop"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getLoop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one loop */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loop"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateLoop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Change a loop */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Loop"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listProducts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                loopId?: string;
                slug?: string;
                componentId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List products, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Product"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createProduct: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    slug: string;
                    name: string;
                    description?: string;
                    componentIds?: string[];
                };
            };
        };
        responses: {
            /** @description Create a product */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one product */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId?: string;
                    name?: string;
                    description?: string;
                    componentIds?: string[];
                };
            };
        };
        responses: {
            /** @description Change a product */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Product"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listComponents: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                slug?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List components, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Component"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createComponent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    slug: string;
                    name: string;
                    /** Format: uri */
                    repositoryUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description Create a component */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Component"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getComponent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one component */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Component"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateComponent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** Format: uri */
                    repositoryUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description Change a component */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Component"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listChannels: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                loopId?: string;
                kind?: "email" | "forum" | "github" | "chat" | "widget" | "api" | "webhook" | "csv";
                slug?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List channels, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Channel"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createChannel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    slug: string;
                    name: string;
                    /** @enum {string} */
                    kind: "email" | "forum" | "github" | "chat" | "widget" | "api" | "webhook" | "csv";
                    /** @default {} */
                    config?: {
                        /** Format: uri */
                        webhookUrl?: string;
                        webhookSecret?: string;
                        allowPrivateNetwork?: boolean;
                        address?: string;
                        listAddress?: string;
                        repository?: string;
                        /** @enum {string} */
                        githubRole?: "feedback" | "component";
                        /** Format: uuid */
                        componentId?: string;
                        githubToken?: string;
                        /** Format: uri */
                        githubApiUrl?: string;
                        /** Format: uri */
                        imapUrl?: string;
                        widgetOrigins?: string[];
                        mapping?: {
                            title?: string;
                            body?: string;
                            contactEmail?: string;
                            contactName?: string;
                            account?: string;
                            urgency?: string;
                            urgencyValues?: {
                                [key: string]: "low" | "normal" | "high" | "critical";
                            };
                            externalId?: string;
                            threadRef?: string;
                            receivedAt?: string;
                            productVersion?: string;
                        };
                        /** Format: uri */
                        forumUrl?: string;
                        forumApiKey?: string;
                        forumApiUsername?: string;
                        autoAttachThreshold?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Create a channel */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one channel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId?: string;
                    name?: string;
                    config?: {
                        /** Format: uri */
                        webhookUrl?: string | null;
                        webhookSecret?: string | null;
                        allowPrivateNetwork?: boolean | null;
                        address?: string | null;
                        listAddress?: string | null;
                        repository?: string | null;
                        /** @enum {string|null} */
                        githubRole?: "feedback" | "component" | null;
                        /** Format: uuid */
                        componentId?: string | null;
                        githubToken?: string | null;
                        /** Format: uri */
                        githubApiUrl?: string | null;
                        /** Format: uri */
                        imapUrl?: string | null;
                        widgetOrigins?: string[] | null;
                        mapping?: {
                            title?: string;
                            body?: string;
                            contactEmail?: string;
                            contactName?: string;
                            account?: string;
                            urgency?: string;
                            urgencyValues?: {
                                [key: string]: "low" | "normal" | "high" | "critical";
                            };
                            externalId?: string;
                            threadRef?: string;
                            receivedAt?: string;
                            productVersion?: string;
                        } | null;
                        /** Format: uri */
                        forumUrl?: string | null;
                        forumApiKey?: string | null;
                        forumApiUsername?: string | null;
                        autoAttachThreshold?: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description Change a channel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Channel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listContacts: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                email?: string;
                account?: string;
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List contacts, newest first; with q, the best matches of a full text search */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Contact"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createContact: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** Format: email */
                    email?: string | null;
                    account?: string | null;
                    weight?: number;
                    environments?: string[];
                };
            };
        };
        responses: {
            /** @description Create a contact */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one contact */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** Format: email */
                    email?: string | null;
                    account?: string | null;
                    weight?: number;
                    environments?: string[];
                };
            };
        };
        responses: {
            /** @description Change a contact */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Contact"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listSignals: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                channelId?: string;
                contactId?: string;
                kind?: "report" | "works" | "still_broken";
                urgency?: "low" | "normal" | "high" | "critical";
                patternId?: string;
                productId?: string;
                attached?: "true" | "false";
                loopId?: string;
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List signals, newest first; with q, the best matches of a full text search */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Signal"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createSignal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    channelId: string;
                    /** Format: uuid */
                    contactId?: string;
                    contact?: {
                        /** Format: email */
                        email: string;
                        name?: string;
                        account?: string;
                        weight?: number;
                    };
                    title: string;
                    /** @default  */
                    body?: string;
                    /**
                     * @default normal
                     * @enum {string}
                     */
                    urgency?: "low" | "normal" | "high" | "critical";
                    /** Format: date-time */
                    receivedAt?: string;
                    threadRef?: string;
                    externalId?: string;
                    product?: string;
                    productVersion?: string;
                    raw?: unknown;
                    /** @default [] */
                    patternIds?: string[];
                    /** @default 1 */
                    score?: number;
                };
            };
        };
        responses: {
            /** @description Receive a signal (finds or creates its contact, attaches it to patterns) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Signal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getSignal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one signal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Signal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getPattern: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one pattern */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pattern"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updatePattern: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId?: string;
                    title?: string;
                    description?: string;
                    /** @enum {string} */
                    status?: "open" | "addressed" | "dismissed";
                };
            };
        };
        responses: {
            /** @description Change a pattern (a new status must be a valid transition) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pattern"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listPatterns: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                loopId?: string;
                status?: "open" | "addressed" | "dismissed" | "merged";
                improvementId?: string;
                channelId?: string;
                productId?: string;
                sort?: "newest" | "priority";
                include?: "signals";
                signalLimit?: number;
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List patterns, newest first or by priority (with q, the best matches of a full text search over title and description); include=signals adds each pattern's newest signals (signalLimit, default 10) and their count */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PatternWithSignals"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createPattern: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    title: string;
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Create a pattern */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pattern"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listImprovements: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                loopId?: string;
                status?: "proposed" | "approved" | "in_progress" | "completed" | "rejected";
                ownerId?: string;
                productId?: string;
                componentId?: string;
                patternId?: string;
                sort?: "newest" | "priority";
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List improvements, newest first; with q, the best matches of a full text search */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Improvement"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createImprovement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    title: string;
                    why?: string;
                    what?: string;
                    how?: string;
                    /** Format: uuid */
                    ownerId?: string | null;
                    productIds?: string[];
                    componentIds?: string[];
                    patternIds?: string[];
                };
            };
        };
        responses: {
            /** @description Create an improvement */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Improvement"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getImprovement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one improvement */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Improvement"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateImprovement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    why?: string;
                    what?: string;
                    how?: string;
                    /** Format: uuid */
                    ownerId?: string | null;
                    productIds?: string[];
                    componentIds?: string[];
                    patternIds?: string[];
                    /** @enum {string} */
                    status?: "proposed" | "approved" | "in_progress" | "completed" | "rejected";
                };
            };
        };
        responses: {
            /** @description Change an improvement (a new status must be a valid transition) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Improvement"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listIssues: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                componentId?: string;
                improvementId?: string;
                status?: "open" | "resolved" | "closed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List issues, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Issue"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createIssue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    componentId: string;
                    /** Format: uuid */
                    improvementId?: string | null;
                    number?: number | null;
                    /** Format: uri */
                    url?: string | null;
                    title: string;
                    body?: string;
                };
            };
        };
        responses: {
            /** @description Create an issue */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one issue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateIssue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    improvementId?: string | null;
                    /** Format: uri */
                    url?: string | null;
                    title?: string;
                    body?: string;
                    /** @enum {string} */
                    status?: "open" | "resolved" | "closed";
                };
            };
        };
        responses: {
            /** @description Change an issue (a new status must be a valid transition) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Issue"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listPullRequests: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                componentId?: string;
                status?: "open" | "merged" | "closed" | "shipped";
                issueId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List pull requests, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PullRequest"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createPullRequest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    componentId: string;
                    number?: number | null;
                    /** Format: uri */
                    url?: string | null;
                    title: string;
                    issueIds?: string[];
                };
            };
        };
        responses: {
            /** @description Create a pull request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getPullRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one pull request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updatePullRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    url?: string | null;
                    title?: string;
                    issueIds?: string[];
                    /** @enum {string} */
                    status?: "open" | "merged" | "closed" | "shipped";
                };
            };
        };
        responses: {
            /** @description Change a pull request (a new status must be a valid transition) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PullRequest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listVersions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                componentId?: string;
                name?: string;
                pullRequestId?: string;
                ids?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List versions, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Version"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    componentId: string;
                    name: string;
                    pullRequestIds?: string[];
                };
            };
        };
        responses: {
            /** @description Create a component version; without pullRequestIds it takes every merged, unversioned pull request */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listReleases: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                productId?: string;
                name?: string;
                versionId?: string;
                ids?: string;
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List releases, newest first; with q, the best matches of a full text search */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Release"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createRelease: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    productId: string;
                    name: string;
                    versionIds?: string[];
                };
            };
        };
        responses: {
            /** @description Create a product release; without versionIds it takes the newest version of each component */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one release */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Release"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listEnvironments: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                production?: "true" | "false";
                productId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List environments, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Environment"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @default false */
                    production?: boolean;
                    /** Format: uuid */
                    productId?: string | null;
                    accounts?: string[];
                    contactIds?: string[];
                };
            };
        };
        responses: {
            /** @description Create an environment */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one environment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    production?: boolean;
                    /** Format: uuid */
                    productId?: string | null;
                    accounts?: string[];
                    contactIds?: string[];
                };
            };
        };
        responses: {
            /** @description Change an environment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listDeployments: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                releaseId?: string;
                productId?: string;
                environment?: string;
                status?: "pending" | "running" | "success" | "failed" | "rolled_back";
                current?: "true" | "false";
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List deployments, newest first; with q, the best matches of a full text search */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Deployment"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    releaseId: string;
                    environment: string;
                    /**
                     * @default pending
                     * @enum {string}
                     */
                    status?: "pending" | "running" | "success" | "failed" | "rolled_back";
                    externalId?: string;
                };
            };
        };
        responses: {
            /** @description Record a deployment; success in production runs snapback. A repeated externalId is the same deployment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deployment: components["schemas"]["Deployment"];
                        snapback: components["schemas"]["SnapbackResult"];
                    };
                };
            };
            /** @description Record a deployment; success in production runs snapback. A repeated externalId is the same deployment */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deployment: components["schemas"]["Deployment"];
                        snapback: components["schemas"]["SnapbackResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one deployment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "pending" | "running" | "success" | "failed" | "rolled_back";
                };
            };
        };
        responses: {
            /** @description Change a deployment's status; success in production runs snapback */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deployment: components["schemas"]["Deployment"];
                        snapback: components["schemas"]["SnapbackResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                contactId?: string;
                patternId?: string;
                deploymentId?: string;
                status?: "queued" | "sent" | "failed" | "cancelled";
                answer?: "works" | "still_broken";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List notifications, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one notification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listBrainstormTopics: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                loopId?: string;
                kind?: "what" | "how";
                status?: "queued" | "discussed" | "dropped";
                sessionId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List brainstorm topics, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["BrainstormTopic"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createBrainstormTopic: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    /** @enum {string} */
                    kind: "what" | "how";
                    title: string;
                    notes?: string;
                    /** @enum {string|null} */
                    entityType?: "pattern" | "improvement" | "issue" | "signal" | null;
                    /** Format: uuid */
                    entityId?: string | null;
                };
            };
        };
        responses: {
            /** @description Create a brainstorm topic */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrainstormTopic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getBrainstormTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one brainstorm topic */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrainstormTopic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateBrainstormTopic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    notes?: string;
                    /** @enum {string} */
                    kind?: "what" | "how";
                    /** Format: uuid */
                    sessionId?: string | null;
                    /** @enum {string} */
                    status?: "queued" | "discussed" | "dropped";
                };
            };
        };
        responses: {
            /** @description Change a brainstorm topic (a new status must be a valid transition) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrainstormTopic"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listBrainstormSessions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                loopId?: string;
                kind?: "what" | "how";
                status?: "planned" | "held" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List brainstorm sessions, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["BrainstormSession"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createBrainstormSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    /** @enum {string} */
                    kind: "what" | "how";
                    /** Format: date-time */
                    scheduledAt: string;
                    agenda?: string;
                };
            };
        };
        responses: {
            /** @description Create a brainstorm session */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrainstormSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getBrainstormSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one brainstorm session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrainstormSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateBrainstormSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    scheduledAt?: string;
                    agenda?: string;
                    notes?: string;
                    outcomes?: string;
                    /** @enum {string} */
                    status?: "planned" | "held" | "cancelled";
                };
            };
        };
        responses: {
            /** @description Change a brainstorm session (a new status must be a valid transition) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrainstormSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    admin?: boolean;
                };
            };
        };
        responses: {
            /** @description Change a user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    explainPatternPriority: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Why a pattern ranks where it does: each factor of its priority (volume, reach, recency, velocity, channels) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatternPriority"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setEmergingDigest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                };
            };
        };
        responses: {
            /** @description An owner turns their daily email of the loop's emerging patterns on or off */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmergingDigest"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    mergePattern: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    targetId: string;
                    /** @default false */
                    preview?: boolean;
                };
            };
        };
        responses: {
            /** @description Merge this pattern into targetId: its signals (with who attached them and when) and improvements move, it becomes merged; preview: true only counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatternMoveResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    splitPattern: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    signalIds: string[];
                    /** @description The new pattern's title: required to split, not to preview. */
                    title?: string;
                    description?: string;
                    /** @default false */
                    preview?: boolean;
                };
            };
        };
        responses: {
            /** @description Split signals off this pattern into a new one in its loop; preview: true only counts (and needs no title) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatternMoveResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listPatternMoves: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The merges and splits this pattern took part in, newest first (at most 100), each with whether it can be undone now and why not */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ListedPatternMove"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    undoPatternMove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Undo a merge or split (the latest of its patterns): attachments and improvements go back as they were, except signals people took off the target since (signalsLeft) and improvements they unlinked from it (improvementsLeft) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        move: components["schemas"]["PatternMove"];
                        source: components["schemas"]["Pattern"];
                        target: components["schemas"]["Pattern"];
                        /** @description Signals the move put on the target that a person detached (or moved elsewhere) after it: left where they are. */
                        signalsLeft: components["schemas"]["PatternMoveSignalLeft"][];
                        /** @description Improvements the move linked to the target that a person unlinked from it after the move: not linked to the source again. */
                        improvementsLeft: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    searchAll: {
        parameters: {
            query: {
                q: string;
                types?: string;
                loopId?: string;
                status?: "open" | "addressed" | "dismissed" | "merged" | "proposed" | "approved" | "in_progress" | "completed" | "rejected";
                channelId?: string;
                productId?: string;
                from?: string;
                to?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Search signals, patterns, improvements, contacts, releases and deployments: the best matches, ranked together (title over body, prefixes as you type, typos in titles) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["SearchHit"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listPatternProposals: {
        parameters: {
            query?: {
                channelId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description New patterns to propose: groups of 3+ similar signals among the newest 300 attached to none, each with a suggested title */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PatternProposal"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    acceptPatternProposal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId: string;
                    title: string;
                    description?: string;
                    signalIds: string[];
                };
            };
        };
        responses: {
            /** @description Accept a proposal: create the pattern with those of its signals still attached to none (the answer names the others), in one transaction */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcceptedProposal"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    suggestPatterns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The patterns this signal most likely belongs to, best first, each with a score (0–1) and why */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        signalId: string;
                        matcherVersion: number;
                        embeddings: components["schemas"]["SuggestionEmbeddings"];
                        suggestions: components["schemas"]["PatternSuggestion"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMatcher: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The matcher's configuration in force (its version and fingerprint rules) and its embeddings provider, if any */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatcherConfig"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    configureMatcher: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Suggestions scoring below this (0–1) are not shown; automatic attachment has its own threshold per channel. */
                    minScore?: number;
                    /** @description How many suggestions at most (1–20). */
                    limit?: number;
                };
            };
        };
        responses: {
            /** @description Change the matcher's settings — the score from which suggestions are shown, and how many at most — for every loop: a new matcher version (administrators) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatcherConfig"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    addFingerprintRule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    patternId: string;
                    /**
                     * @default any
                     * @enum {string}
                     */
                    field?: "title" | "body" | "channel" | "any";
                    /** @enum {string} */
                    kind: "regex" | "error_code";
                    expression: string;
                };
            };
        };
        responses: {
            /** @description Add a fingerprint rule (a regex or error code on title, body or channel → a pattern): a new matcher version */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatcherConfig"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    removeFingerprintRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Remove a fingerprint rule: a new matcher version (signals it filed stay where they are) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatcherConfig"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createSignals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    signals: {
                        /** Format: uuid */
                        channelId: string;
                        /** Format: uuid */
                        contactId?: string;
                        contact?: {
                            /** Format: email */
                            email: string;
                            name?: string;
                            account?: string;
                            weight?: number;
                        };
                        title: string;
                        /** @default  */
                        body?: string;
                        /**
                         * @default normal
                         * @enum {string}
                         */
                        urgency?: "low" | "normal" | "high" | "critical";
                        /** Format: date-time */
                        receivedAt?: string;
                        threadRef?: string;
                        externalId?: string;
                        product?: string;
                        productVersion?: string;
                        raw?: unknown;
                        /** @default [] */
                        patternIds?: string[];
                        /** @default 1 */
                        score?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Receive up to 1,000 signals in one transaction */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Signal"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    checkSignals: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    signals: {
                        /** Format: uuid */
                        channelId: string;
                        /** Format: uuid */
                        contactId?: string;
                        contact?: {
                            /** Format: email */
                            email: string;
                            name?: string;
                            account?: string;
                            weight?: number;
                        };
                        title: string;
                        /** @default  */
                        body?: string;
                        /**
                         * @default normal
                         * @enum {string}
                         */
                        urgency?: "low" | "normal" | "high" | "critical";
                        /** Format: date-time */
                        receivedAt?: string;
                        threadRef?: string;
                        externalId?: string;
                        product?: string;
                        productVersion?: string;
                        raw?: unknown;
                        /** @default [] */
                        patternIds?: string[];
                        /** @default 1 */
                        score?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description What POST /signals/batch would do with these signals, writing nothing: how many are new, already there (same channel and externalId), and how many people are new (an import's dry run) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signals: number;
                        new: number;
                        duplicates: number;
                        duplicateIndexes: number[];
                        newContacts: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    attachSignals: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    signalIds: string[];
                    /** @default 1 */
                    score?: number;
                };
            };
        };
        responses: {
            /** @description Attach signals to a pattern (idempotent); refreshes its priority. Answers the pattern with how many it attached and how many were attached already */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatternAttachment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    detachSignal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                signalId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Detach a signal from a pattern (a builder of the pattern's loop or of the signal's) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pattern"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listVersionProducts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Per product built from the version's component: whether a release includes this version (or a newer one) yet */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** Format: uuid */
                            componentId: string;
                            componentSlug: string;
                            /** Format: date-time */
                            createdAt: string;
                        };
                        products: {
                            /** Format: uuid */
                            productId: string;
                            productSlug: string;
                            productName: string;
                            /** Format: uuid */
                            loopId: string;
                            included: boolean;
                            releasedIn: {
                                /** Format: uuid */
                                releaseId: string;
                                name: string;
                            }[];
                            firstIncludedIn: {
                                /** Format: uuid */
                                releaseId: string;
                                name: string;
                                /** Format: uuid */
                                versionId: string;
                                versionName: string;
                            } | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    previewDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    releaseId: string;
                    environment: string;
                    /**
                     * @default pending
                     * @enum {string}
                     */
                    status?: "pending" | "running" | "success" | "failed" | "rolled_back";
                    externalId?: string;
                };
            };
        };
        responses: {
            /** @description What POST /deployments would do with this body, recording nothing: the deployment as it would be (id null when it would be new: nothing of it is kept) and what its snapback or rollback would do, the people it would tell included (a dry run) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentPreview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    previewDeploymentStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "pending" | "running" | "success" | "failed" | "rolled_back";
                };
            };
        };
        responses: {
            /** @description What PATCH /deployments/:id would do with this status, changing nothing: what its snapback or rollback would move on or take back, the people it would tell included (a dry run) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deployment: components["schemas"]["Deployment"];
                        snapback: components["schemas"]["SnapbackResult"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getSignalConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description List a signal's conversation, oldest first: messages in and out, and snapback notifications */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    replyToSignal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                };
            };
        };
        responses: {
            /** @description Answer a signal in its own thread (an email reply with In-Reply-To/References, or the channel's webhook), through the outbox */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationEntry"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listOutbox: {
        parameters: {
            query?: {
                status?: "pending" | "sending" | "delivered" | "dead" | "cancelled";
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries waiting, sent or dead, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["OutboxEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    retryDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Send a dead delivery again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutboxEntry"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getAnswerPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page an answer link opens: it asks to confirm (mail scanners open links; only a POST records) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            410: components["responses"]["Gone"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    recordAnswer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    answer?: "works" | "still_broken";
                };
                "application/x-www-form-urlencoded": {
                    /** @enum {string} */
                    answer?: "works" | "still_broken";
                };
            };
        };
        responses: {
            /** @description Record the answer of a signed link: it becomes a signal; 'still broken' reopens the pattern */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        recorded: boolean;
                        signal: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            kind: "works" | "still_broken";
                            title: string;
                            /** Format: uuid */
                            channelId: string;
                            /** Format: uuid */
                            contactId: string;
                            threadRef: string | null;
                        };
                        pattern: {
                            /** Format: uuid */
                            id: string;
                            status: string;
                        };
                        notification: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string|null} */
                            answer: "works" | "still_broken" | null;
                            /** Format: date-time */
                            answeredAt: string | null;
                        };
                    };
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listWebhookSubscriptions: {
        parameters: {
            query?: {
                loopId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event webhook subscriptions you manage, newest first (never their secrets) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookSubscription"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    loopId?: string | null;
                    /** Format: uri */
                    url: string;
                    eventTypes: ("signal.created" | "pattern.addressed" | "pattern.reopened" | "improvement.completed" | "version.created" | "release.created" | "deployment.succeeded" | "deployment.failed" | "deployment.rolled_back")[];
                    secret?: string;
                    /** @default false */
                    allowPrivateNetwork?: boolean;
                };
            };
        };
        responses: {
            /** @description Subscribe a URL to event types of a loop (or, for administrators, of every loop); the secret is shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        loopId: string | null;
                        url: string;
                        eventTypes: string[];
                        allowPrivateNetwork: boolean;
                        /** @enum {boolean} */
                        secretSet: true;
                        createdBy: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        secret: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read one event webhook subscription (never its secret) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    removeWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Remove an event webhook subscription: nothing more is sent to it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    url?: string;
                    eventTypes?: ("signal.created" | "pattern.addressed" | "pattern.reopened" | "improvement.completed" | "version.created" | "release.created" | "deployment.succeeded" | "deployment.failed" | "deployment.rolled_back")[];
                    secret?: string;
                    allowPrivateNetwork?: boolean;
                };
            };
        };
        responses: {
            /** @description Change an event webhook subscription's URL, event types, secret or private-network setting */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscription"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listChannelHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The health of every channel the caller owns: last delivery in and out, errors, dead letters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ChannelHealth"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getChannelHealth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A channel's health: last delivery in and out, counts of pending, retrying and dead deliveries, recent errors */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelHealth"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    replayChannelDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Replay a dead inbound delivery of a channel (a GitHub event that failed) or retry a dead outbound one: due again now, with fresh attempts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutboxEntry"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    receiveChannelWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    contactId?: string;
                    contact?: {
                        /** Format: email */
                        email: string;
                        name?: string;
                        account?: string;
                        weight?: number;
                    };
                    title: string;
                    /** @default  */
                    body?: string;
                    /**
                     * @default normal
                     * @enum {string}
                     */
                    urgency?: "low" | "normal" | "high" | "critical";
                    /** Format: date-time */
                    receivedAt?: string;
                    threadRef?: string;
                    externalId?: string;
                    product?: string;
                    productVersion?: string;
                    raw?: unknown;
                    /** @default [] */
                    patternIds?: string[];
                    /** @default 1 */
                    score?: number;
                };
            };
        };
        responses: {
            /** @description Receive a signal, signed with the channel's webhookSecret (X-Loopwork-Signature: sha256=HMAC(secret, '<X-Loopwork-Timestamp>.<body>')) or carrying it (Authorization: Bearer <secret>); the body is a signal, or any JSON the channel's config.mapping reads (docs/CHANNELS.md); X-Loopwork-Delivery or the mapped externalId makes a repeat harmless */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signal: components["schemas"]["Signal"];
                        duplicate: boolean;
                    };
                };
            };
            /** @description Receive a signal, signed with the channel's webhookSecret (X-Loopwork-Signature: sha256=HMAC(secret, '<X-Loopwork-Timestamp>.<body>')) or carrying it (Authorization: Bearer <secret>); the body is a signal, or any JSON the channel's config.mapping reads (docs/CHANNELS.md); X-Loopwork-Delivery or the mapped externalId makes a repeat harmless */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        signal: components["schemas"]["Signal"];
                        duplicate: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    receiveGithubWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
                "application/x-www-form-urlencoded": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Receive a GitHub webhook delivery for a GitHub channel: X-Hub-Signature-256 verified with the channel's webhookSecret, X-GitHub-Delivery makes a redelivery harmless; applied by a worker */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GithubDelivery"];
                };
            };
            /** @description Receive a GitHub webhook delivery for a GitHub channel: X-Hub-Signature-256 verified with the channel's webhookSecret, X-GitHub-Delivery makes a redelivery harmless; applied by a worker */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GithubDelivery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    backfillGithubChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Import the open issues and pull requests of a GitHub channel's repository, once (paged by a worker, resumable) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GithubBackfill"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    receiveDiscourseWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Receive a Discourse webhook (Topic and Post events) into a forum channel, signed with the channel's webhookSecret (X-Discourse-Event-Signature: sha256=HMAC(secret, body)); topic_created makes a signal, post_created in its topic a message of its conversation; X-Discourse-Event-Id makes a redelivery change nothing, and a topic or post made more than 30 days ago is stale (docs/CHANNELS.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForumEventOutcome"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getWidgetScript: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The feedback widget's script, for a script tag with data-channel on the pages a widget channel allows (docs/CHANNELS.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    receiveWidgetMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    name?: string;
                    message: string;
                    page?: string;
                    openedAt?: number;
                    submission: string;
                    website?: string;
                };
                "application/x-www-form-urlencoded": {
                    /** Format: email */
                    email: string;
                    name?: string;
                    message: string;
                    page?: string;
                    openedAt?: number;
                    submission: string;
                    website?: string;
                };
            };
        };
        responses: {
            /** @description A message sent from the feedback widget on a page whose origin the widget channel allows (config.widgetOrigins): a signal from that person */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        received: true;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getCustomerView: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A contact's own signals and what became of each (a page; JSON with Accept: application/json) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerView"];
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            410: components["responses"]["Gone"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    answerFromCustomerView: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    notificationId: string;
                    /** @enum {string} */
                    answer: "works" | "still_broken";
                };
                "application/x-www-form-urlencoded": {
                    /** Format: uuid */
                    notificationId: string;
                    /** @enum {string} */
                    answer: "works" | "still_broken";
                };
            };
        };
        responses: {
            /** @description Answer 'works' or 'still broken' about one of the contact's own notifications */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        recorded: boolean;
                        notification: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string|null} */
                            answer: "works" | "still_broken" | null;
                            /** Format: date-time */
                            answeredAt: string | null;
                        };
                    };
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            410: components["responses"]["Gone"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    requestCustomerLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
                "application/x-www-form-urlencoded": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description Email a fresh link to their own view to the contact with this address, if there is one */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "sent_if_known";
                    };
                    "text/html": string;
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    sendCustomerLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Email a contact a fresh link to their own view, as the builder who asks (at most one such email per contact every 10 minutes) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerLinkSent"];
                };
            };
            /** @description Email a contact a fresh link to their own view, as the builder who asks (at most one such email per contact every 10 minutes) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerLinkSent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["BodyTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            default: components["responses"]["UnexpectedError"];
        };
    };
}
