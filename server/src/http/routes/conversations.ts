import { Router } from 'express';
import {
  ConversationExport, ExportQuery, FeedbackRequest, ListConversationsQuery, RenameConversationRequest, SearchConversationsQuery,
  type ConversationList, type ConversationSearchResult,
} from '../../../../protocol';
import type { ConversationsFeedback, FeedbackRefusal } from '../../data/conversations-feedback';
import { exportFilename, toExportJson, toMarkdown } from '../../data/conversations-export';
import type { ConversationsImporter } from '../../data/conversations-import';
import { InvalidCursorError, type ConversationsReader } from '../../data/conversations-list';
import type { ConversationsRepo } from '../../data/conversations-repo';
import type { ConversationsSearch } from '../../data/conversations-search';
import { badRequest, notFound } from '../../domain/errors';
import type { AuditLog } from '../../domain/audit';
import { auditContext } from '../audit-context';
import { principalOf } from '../auth';
import { parseOr400 } from '../validate';
import { authorize } from '../route-policy';

export interface HistoryStores {
  conversations: ConversationsRepo;
  reader: ConversationsReader;
  search: ConversationsSearch;
  importer: ConversationsImporter;
  feedback: ConversationsFeedback;
}

/**
 * The conversation history: list, search, open, rename, delete, export, import, and feedback on
 * answers. Every store call is scoped to the caller, so another user's conversation or message is
 * a 404 here, never a 403 that would confirm it exists.
 */
export function conversationsRouter(h: HistoryStores, audit: AuditLog): Router {
  const router = Router();

  router.get('/conversations', authorize('history.read'), async (req, res) => {
    const query = parseOr400(ListConversationsQuery, req.query, 'query');
    try {
      const page: ConversationList = await h.reader.list(principalOf(res), query.limit, query.cursor);
      res.json(page);
    } catch (err) {
      if (err instanceof InvalidCursorError) throw badRequest(err.message);
      throw err;
    }
  });

  // Declared before /conversations/:id, which would otherwise take "search" for an id.
  router.get('/conversations/search', authorize('history.read'), async (req, res) => {
    const query = parseOr400(SearchConversationsQuery, req.query, 'query');
    const body: ConversationSearchResult = { data: await h.search.search(principalOf(res), query.q, query.limit) };
    res.json(body);
  });

  router.post('/conversations/import', authorize('history.write'), async (req, res) => {
    const body = parseOr400(ConversationExport, req.body);
    res.status(201).json(await h.importer.import(principalOf(res), body));
  });

  router.get('/conversations/:id', authorize('history.read'), async (req, res) => {
    const conversation = await h.reader.get(principalOf(res), req.params.id);
    if (!conversation) throw notFound('conversation');
    res.json(conversation);
  });

  router.patch('/conversations/:id', authorize('history.write'), async (req, res) => {
    const { title } = parseOr400(RenameConversationRequest, req.body);
    const renamed = await h.conversations.rename(principalOf(res), req.params.id, title);
    if (!renamed) throw notFound('conversation');
    res.json(renamed);
  });

  router.delete('/conversations/:id', authorize('history.write'), async (req, res) => {
    if (!await h.conversations.delete(principalOf(res), req.params.id)) throw notFound('conversation');
    await audit.record({ ...auditContext(req), action: 'conversation.deleted', actor: principalOf(res), target: { type: 'conversation', id: req.params.id } });
    res.status(204).end();
  });

  router.get('/conversations/:id/export', authorize('history.read'), async (req, res) => {
    const { format } = parseOr400(ExportQuery, req.query, 'query');
    const conversation = await h.reader.get(principalOf(res), req.params.id);
    if (!conversation) throw notFound('conversation');
    const exportedAt = new Date().toISOString();
    await audit.record({ ...auditContext(req), action: 'conversation.exported', actor: principalOf(res),
      target: { type: 'conversation', id: conversation.id }, details: { format } });
    res.attachment(exportFilename(conversation, format));
    res.setHeader('Cache-Control', 'private, no-store');
    if (format === 'md') res.type('text/markdown; charset=utf-8').send(toMarkdown(conversation, exportedAt));
    else res.json(toExportJson(conversation, exportedAt));
  });

  router.post('/messages/:id/feedback', authorize('history.write'), async (req, res) => {
    const feedback = parseOr400(FeedbackRequest, req.body);
    const result = await h.feedback.set(principalOf(res), req.params.id, feedback);
    if (typeof result === 'string') throw refused(result);
    res.json(result);
  });

  router.delete('/messages/:id/feedback', authorize('history.write'), async (req, res) => {
    const refusal = await h.feedback.clear(principalOf(res), req.params.id);
    if (refusal) throw refused(refusal);
    res.status(204).end();
  });

  return router;
}

const refused = (why: FeedbackRefusal) =>
  why === 'not_found' ? notFound('message') : badRequest('feedback is only for assistant messages');
