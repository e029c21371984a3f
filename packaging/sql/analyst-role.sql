-- Least-privilege direct access for Seller History on the upstream database.
--
-- Run as the owner of the upstream tables (`postgres` on Supabase), with psql:
--
--     psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -f analyst-role.sql
--
-- The file is one transaction and safe to run again: a second run recreates
-- the functions and policies and resets the group's privileges to exactly the
-- set below (an extra grant someone added by hand is revoked).
--
-- What it creates
--   * seller_history_analyst: a NOLOGIN group role. Its members may
--       - read public.seller_audit_log, public.sellers, public.profiles and
--         public.orgs (SELECT; USAGE on schema public and seller_history);
--       - write audit rows: INSERT on public.seller_audit_log, limited by
--         row-level security to 'flag' and 'export' rows with source
--         'manual', acting as their own upstream user, in their own orgs
--         (the other columns, created_at included, are the writer's);
--       - flag sellers: UPDATE of the column public.sellers.flagged only.
--     Nothing else of the upstream's: no DELETE, no TRUNCATE, no other
--     UPDATE, no access to memberships, collection_runs or auth.*.
--   * schema seller_history with
--       - seller_history.analysts(db_role, user_id): which upstream user
--         (auth.users.id) a database login acts as. Admin-managed: the group
--         can neither read nor write it.
--       - seller_history.analyst_org_ids(): the orgs where that user has an
--         ACTIVE membership (any membership role). Every policy below is
--         scoped by it: a login sees and changes rows of those orgs only, and
--         a suspended or deleted membership, or a missing mapping, gives
--         nothing.
--       - seller_history.current_actor(): the mapped user id, for the app to
--         use as the actor (user_id) of the rows it writes.
--       - seller_history.analyst_user_ids(): the users with a membership (any
--         status) in those orgs: the profiles a login sees where profiles
--         has row-level security.
--     The functions are SECURITY DEFINER (owned by whoever runs this file,
--     search_path pinned to pg_catalog), EXECUTE granted to the group only.
--   * Row-level security policies named seller_history_analyst_*, each
--     `TO seller_history_analyst`, on seller_audit_log (SELECT, INSERT),
--     sellers (SELECT, UPDATE), profiles and orgs (SELECT).
--
-- Who the user is
--   A login is identified by session_user (the role it authenticated as),
--   looked up in seller_history.analysts. Upstream's own policies use
--   auth.uid(), which reads the setting request.jwt.claim.sub: any session
--   can SET that to any user id. It is trustworthy only behind Supabase's API
--   gateway, never on a direct connection. So an analyst login must never be
--   made a member of `authenticated`, `anon` or `service_role` (those have
--   broad grants on Supabase too); this file refuses to run if the group is.
--
-- Adding an analyst login (the uuid is the user's auth.users.id; the user
-- needs an active membership in the org(s) to be read):
--
--     CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE seller_history_analyst;
--     INSERT INTO seller_history.analysts (db_role, user_id)
--         VALUES ('alice', '<user uuid>');
--
-- (Keep the login's default INHERIT: privileges and policies reach it through
-- the group.) To point a login at another user:
--     UPDATE seller_history.analysts SET user_id = '<uuid>' WHERE db_role = 'alice';
--
-- Removing it (the mapping row goes first, so a later login of the same name
-- does not inherit it):
--
--     DELETE FROM seller_history.analysts WHERE db_role = 'alice';
--     DROP ROLE alice;
--
-- What it does not touch
--   The upstream's own roles (service_role, authenticated, anon), their
--   grants, its policies, and whether row-level security is enabled on any
--   table: nothing is altered or dropped there. Policies are permissive and
--   OR-ed only among the policies that apply to the querying role; the
--   policies added here apply to seller_history_analyst's members alone, so
--   every other role's access is exactly what it was. service_role keeps
--   BYPASSRLS, upstream's policies keep their definitions.
--
-- profiles and orgs
--   upstream.md does not say whether they have row-level security. Their
--   SELECT policies are created either way: a policy has no effect while
--   row-level security is disabled on its table, and takes effect if the
--   upstream enables it (then a login sees its orgs, and the profiles of
--   users with a membership in them, and still sees actor names). While it
--   is disabled, SELECT on them shows every org's name and every profile
--   (the deployment is single-org in practice); enabling it is the upstream's
--   decision, not this file's.
--
-- Removing everything (drops the policies, functions, mapping and the group):
--     DROP POLICY seller_history_analyst_read ON public.seller_audit_log;
--     DROP POLICY seller_history_analyst_record ON public.seller_audit_log;
--     DROP POLICY seller_history_analyst_read ON public.sellers;
--     DROP POLICY seller_history_analyst_flag ON public.sellers;
--     DROP POLICY seller_history_analyst_read ON public.profiles;
--     DROP POLICY seller_history_analyst_read ON public.orgs;
--     DROP SCHEMA seller_history CASCADE;
--     REVOKE ALL ON ALL TABLES IN SCHEMA public FROM seller_history_analyst;
--     REVOKE ALL ON SCHEMA public FROM seller_history_analyst;
--     (and REVOKE CONNECT ON DATABASE ... FROM seller_history_analyst)
--     DROP ROLE seller_history_analyst;  -- after dropping its member logins

BEGIN;

-- The group role ------------------------------------------------------------

DO $$
DECLARE
    r pg_roles%ROWTYPE;
    parent text;
BEGIN
    SELECT * INTO r FROM pg_roles WHERE rolname = 'seller_history_analyst';
    IF NOT FOUND THEN
        CREATE ROLE seller_history_analyst NOLOGIN;
        RETURN;
    END IF;
    IF r.rolsuper OR r.rolbypassrls OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication THEN
        RAISE EXCEPTION 'role seller_history_analyst exists with elevated attributes '
            '(superuser, bypassrls, createrole, createdb or replication); fix or drop it first';
    END IF;
    SELECT string_agg(quote_ident(g.rolname), ', ') INTO parent
        FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid
        WHERE am.member = r.oid;
    IF parent IS NOT NULL THEN
        RAISE EXCEPTION 'role seller_history_analyst is a member of %; it would inherit their '
            'privileges. Revoke that membership first', parent;
    END IF;
    IF r.rolcanlogin THEN
        ALTER ROLE seller_history_analyst NOLOGIN;
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS seller_history;
DO $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT nspowner FROM pg_namespace
                                      WHERE nspname = 'seller_history'), 'MEMBER') THEN
        RAISE EXCEPTION 'schema seller_history exists and belongs to another role; '
            'run this file as its owner';
    END IF;
END
$$;
REVOKE ALL ON SCHEMA seller_history FROM PUBLIC;

-- Privileges on the upstream's objects: reset, then exactly these. ------------

-- Whatever the group holds outside seller_history (an earlier version of
-- this file, a grant by hand) is revoked; only the group's own entries are
-- touched.
DO $$
DECLARE
    o record;
BEGIN
    FOR o IN
        SELECT DISTINCT 'TABLE' AS kind, c.oid::regclass::text AS target
        FROM pg_class c
        LEFT JOIN pg_attribute at ON at.attrelid = c.oid AND at.attacl IS NOT NULL
        WHERE c.relnamespace <> 'seller_history'::regnamespace
          AND ('seller_history_analyst'::regrole IN (SELECT grantee FROM aclexplode(c.relacl))
               OR 'seller_history_analyst'::regrole IN (SELECT grantee FROM aclexplode(at.attacl)))
        UNION ALL
        SELECT 'SCHEMA', quote_ident(n.nspname)
        FROM pg_namespace n
        WHERE n.nspname <> 'seller_history'
          AND 'seller_history_analyst'::regrole IN (SELECT grantee FROM aclexplode(n.nspacl))
        UNION ALL
        SELECT 'FUNCTION', p.oid::regprocedure::text
        FROM pg_proc p
        WHERE p.pronamespace <> 'seller_history'::regnamespace
          AND 'seller_history_analyst'::regrole IN (SELECT grantee FROM aclexplode(p.proacl))
    LOOP
        EXECUTE format('REVOKE ALL ON %s %s FROM seller_history_analyst', o.kind, o.target);
    END LOOP;
    -- PUBLIC holds CONNECT by default; grant it only where it was revoked.
    IF NOT has_database_privilege('seller_history_analyst', current_database(), 'CONNECT') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO seller_history_analyst',
                       current_database());
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO seller_history_analyst;
GRANT SELECT ON public.seller_audit_log, public.sellers, public.profiles, public.orgs
    TO seller_history_analyst;
GRANT INSERT ON public.seller_audit_log TO seller_history_analyst;
GRANT UPDATE (flagged) ON public.sellers TO seller_history_analyst;

-- The mapping and the functions -------------------------------------------

GRANT USAGE ON SCHEMA seller_history TO seller_history_analyst;

CREATE TABLE IF NOT EXISTS seller_history.analysts (
    db_role name PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE
);
COMMENT ON TABLE seller_history.analysts IS
    'Which upstream user (auth.users.id) a Seller History database login acts as. Admin-managed.';
REVOKE ALL ON seller_history.analysts FROM PUBLIC, seller_history_analyst;

CREATE OR REPLACE FUNCTION seller_history.current_actor()
    RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT a.user_id FROM seller_history.analysts a WHERE a.db_role = session_user
$fn$;
COMMENT ON FUNCTION seller_history.current_actor() IS
    'The upstream user the session''s login acts as (seller_history.analysts); NULL when unmapped.';

CREATE OR REPLACE FUNCTION seller_history.analyst_org_ids()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    ROWS 1
AS $fn$
    SELECT m.org_id
    FROM seller_history.analysts a
    JOIN public.memberships m ON m.user_id = a.user_id
    WHERE a.db_role = session_user AND m.status = 'active'
$fn$;
COMMENT ON FUNCTION seller_history.analyst_org_ids() IS
    'The orgs where the session''s mapped user has an active membership.';

CREATE OR REPLACE FUNCTION seller_history.analyst_user_ids()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $fn$
    SELECT DISTINCT m.user_id
    FROM public.memberships m
    WHERE m.org_id IN (SELECT seller_history.analyst_org_ids())
$fn$;
COMMENT ON FUNCTION seller_history.analyst_user_ids() IS
    'The users with a membership (any status) in the orgs of seller_history.analyst_org_ids().';

REVOKE ALL ON FUNCTION seller_history.current_actor(), seller_history.analyst_org_ids(),
    seller_history.analyst_user_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION seller_history.current_actor(), seller_history.analyst_org_ids(),
    seller_history.analyst_user_ids() TO seller_history_analyst;

-- Default privileges (Supabase sets some) may have granted the new objects
-- to other roles: the schema, the mapping and the functions keep only the
-- owner's and the group's entries.
DO $$
DECLARE
    o record;
BEGIN
    FOR o IN
        SELECT 'SCHEMA' AS kind, quote_ident(n.nspname) AS target, n.nspowner AS owner, a.grantee
        FROM pg_namespace n, aclexplode(n.nspacl) a
        WHERE n.nspname = 'seller_history'
        UNION ALL
        SELECT 'TABLE', c.oid::regclass::text, c.relowner, a.grantee
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'seller_history.analysts'::regclass
        UNION ALL
        SELECT 'FUNCTION', p.oid::regprocedure::text, p.proowner, a.grantee
        FROM pg_proc p, aclexplode(p.proacl) a
        WHERE p.pronamespace = 'seller_history'::regnamespace
    LOOP
        CONTINUE WHEN o.grantee IN (0, o.owner, 'seller_history_analyst'::regrole);
        EXECUTE format('REVOKE ALL ON %s %s FROM %I', o.kind, o.target,
                       o.grantee::regrole::text);
    END LOOP;
END
$$;

-- Row-level security, for the group only ------------------------------------
-- The upstream already enables it on seller_audit_log and sellers; the
-- policies below only add what the group's members may see and change.

DROP POLICY IF EXISTS seller_history_analyst_read ON public.seller_audit_log;
CREATE POLICY seller_history_analyst_read ON public.seller_audit_log
    FOR SELECT TO seller_history_analyst
    USING (org_id IN (SELECT seller_history.analyst_org_ids()));

DROP POLICY IF EXISTS seller_history_analyst_record ON public.seller_audit_log;
CREATE POLICY seller_history_analyst_record ON public.seller_audit_log
    FOR INSERT TO seller_history_analyst
    WITH CHECK (org_id IN (SELECT seller_history.analyst_org_ids())
                AND action IN ('flag', 'export')
                AND source = 'manual'
                AND user_id IS NOT DISTINCT FROM seller_history.current_actor());

DROP POLICY IF EXISTS seller_history_analyst_read ON public.sellers;
CREATE POLICY seller_history_analyst_read ON public.sellers
    FOR SELECT TO seller_history_analyst
    USING (org_id IN (SELECT seller_history.analyst_org_ids()));

DROP POLICY IF EXISTS seller_history_analyst_flag ON public.sellers;
CREATE POLICY seller_history_analyst_flag ON public.sellers
    FOR UPDATE TO seller_history_analyst
    USING (org_id IN (SELECT seller_history.analyst_org_ids()))
    WITH CHECK (org_id IN (SELECT seller_history.analyst_org_ids()));

-- In effect only where the upstream enables row-level security (see the top).
DROP POLICY IF EXISTS seller_history_analyst_read ON public.orgs;
CREATE POLICY seller_history_analyst_read ON public.orgs
    FOR SELECT TO seller_history_analyst
    USING (id IN (SELECT seller_history.analyst_org_ids()));

DROP POLICY IF EXISTS seller_history_analyst_read ON public.profiles;
CREATE POLICY seller_history_analyst_read ON public.profiles
    FOR SELECT TO seller_history_analyst
    USING (user_id IN (SELECT seller_history.analyst_user_ids()));

-- Self-check: a GRANT by someone who is not the tables' owner only warns
-- ("no privileges were granted"); fail instead of leaving a half-set role.
DO $$
BEGIN
    IF NOT (has_table_privilege('seller_history_analyst', 'public.seller_audit_log', 'SELECT')
            AND has_table_privilege('seller_history_analyst', 'public.seller_audit_log', 'INSERT')
            AND has_table_privilege('seller_history_analyst', 'public.sellers', 'SELECT')
            AND has_column_privilege('seller_history_analyst', 'public.sellers', 'flagged', 'UPDATE')
            AND has_table_privilege('seller_history_analyst', 'public.profiles', 'SELECT')
            AND has_table_privilege('seller_history_analyst', 'public.orgs', 'SELECT')) THEN
        RAISE EXCEPTION 'seller_history_analyst did not get its privileges: run this file as '
            'the owner of the upstream tables';
    END IF;
END
$$;

COMMIT;
