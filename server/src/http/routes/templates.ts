import { Router } from 'express';
import * as z from 'zod';
import { ErrorCode, PromptTemplate, SaveTemplateRequest, type TeamTemplateList } from '../../../../protocol';
import type { TemplatesRepo } from '../../data/templates-repo';
import { AppError, notFound } from '../../domain/errors';
import { principalOf } from '../auth';
import { authorize } from '../route-policy';
import { parseOr400 } from '../validate';

const VersionParam = z.coerce.number({ error: 'version must be a positive integer' })
  .int('version must be a positive integer').positive('version must be a positive integer');

/**
 * The body and the name from the path, validated as one: SaveTemplateRequest for the shape and
 * baseVersion, PromptTemplate for the whole template (name pattern, placeholders declared,
 * variables unique). Both run, so a bad name and a bad field are reported together.
 */
function parseSave(name: string, body: unknown): { template: PromptTemplate; baseVersion?: number } {
  const request = SaveTemplateRequest.safeParse(body);
  const fields = body && typeof body === 'object' ? body : {};
  const template = PromptTemplate.safeParse({ ...fields, name });
  if (request.success && template.success) return { template: template.data, baseVersion: request.data.baseVersion };
  const issues = new Map<string, { path: string; message: string }>();
  for (const i of [...(request.error?.issues ?? []), ...(template.error?.issues ?? [])]) {
    const issue = { path: i.path.join('.') || '(root)', message: i.message };
    issues.set(`${issue.path}\n${issue.message}`, issue);
  }
  const list = [...issues.values()];
  throw new AppError(400, ErrorCode.badRequest, `invalid template: ${list.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues: list });
}

/**
 * Team prompt templates under /api/v1/templates. Everything is scoped to the caller's team, so
 * another team's template is a 404, never a 403. Viewers read; members and up save (create or add
 * a version); deleting needs an admin or the owner.
 */
export function templatesRouter(templates: TemplatesRepo): Router {
  const router = Router();

  router.get('/templates', authorize('templates.read'), async (_req, res) => {
    const body: TeamTemplateList = { data: await templates.list(principalOf(res).teamId) };
    res.json(body);
  });

  router.get('/templates/:name', authorize('templates.read'), async (req, res) => {
    const detail = await templates.detail(principalOf(res).teamId, req.params.name);
    if (!detail) throw notFound(`template "${req.params.name}"`);
    res.json(detail);
  });

  router.get('/templates/:name/versions/:version', authorize('templates.read'), async (req, res) => {
    const version = parseOr400(VersionParam, req.params.version, 'path');
    const template = await templates.version(principalOf(res).teamId, req.params.name, version);
    if (!template) throw notFound(`template "${req.params.name}" version ${version}`);
    res.json(template);
  });

  router.put('/templates/:name', authorize('templates.write'), async (req, res) => {
    const name = String(req.params.name);
    const { template, baseVersion } = parseSave(name, req.body);
    const p = principalOf(res);
    const outcome = await templates.save({ userId: p.userId, teamId: p.teamId, name: p.name }, template, baseVersion);
    if (outcome.kind === 'conflict') {
      throw new AppError(409, ErrorCode.conflict, outcome.currentVersion === null
        ? `template "${name}" does not exist (deleted since version ${baseVersion}?); save without baseVersion to create it`
        : `template "${name}" is at version ${outcome.currentVersion}, not ${baseVersion}: someone saved it since; reload and edit again`);
    }
    res.status(outcome.created ? 201 : 200).json(outcome.template);
  });

  router.delete('/templates/:name', authorize('templates.delete'), async (req, res) => {
    const name = String(req.params.name);
    if (!await templates.delete(principalOf(res).teamId, name)) throw notFound(`template "${name}"`);
    res.status(204).end();
  });

  return router;
}
