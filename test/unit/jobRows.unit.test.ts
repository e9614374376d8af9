// The Jobs view's rows under plain Node: newest first, extensions under their source
// (oldest first), a shot list's jobs under one row in shot order with the shots still
// waiting, and a job whose source is gone on its own.
import assert from 'node:assert/strict';
import type { Job, JobStatus } from '../../src/core/jobs/job';
import { jobRows, shotKey, shotListKey, shotListOfKey, type JobRowTree, type WaitingShot } from '../../src/views/jobRows';

function job(id: string, createdAt: number, extra: { parentId?: string; shotList?: { file: string; index: number; take?: number }; status?: JobStatus } = {}): Job {
  const { status = 'completed', ...rest } = extra;
  return { id, status, createdAt, updatedAt: createdAt, request: { model: 'm', prompt: id, media: {}, options: {} }, ...rest };
}

/** The tree as text, one row a line, indented by depth: "a", "  a-ext", "[list.veo.json]", "  (waiting 2)". */
function outline(tree: JobRowTree): string[] {
  const lines: string[] = [];
  const walk = (keys: readonly string[], depth: number) => {
    for (const key of keys) {
      const row = tree.row(key)!;
      const label =
        row.kind === 'job'
          ? row.job.id
          : row.kind === 'shotList'
            ? `[${row.file}]`
            : row.kind === 'shot'
              ? `<shot ${row.index + 1}>`
              : `(waiting ${row.shot.index}${row.shot.take !== undefined ? ` take ${row.shot.take}` : ''})`;
      lines.push(`${'  '.repeat(depth)}${label}`);
      walk(tree.children(key).map((r) => r.key), depth + 1);
    }
  };
  walk(tree.top.map((r) => r.key), 0);
  return lines;
}

describe('Jobs view: which rows, in which order', () => {
  it('shows jobs newest first, whatever order they come in', () => {
    const tree = jobRows([job('old', 1), job('newest', 3), job('middle', 2)]);
    assert.deepEqual(outline(tree), ['newest', 'middle', 'old']);
    assert.equal(tree.parent('old'), undefined);
  });

  it('puts an extension under its source, the chain oldest first, nested link by link', () => {
    const tree = jobRows([
      job('src', 1),
      job('ext-1', 2, { parentId: 'src' }),
      job('other', 3),
      job('ext-2', 4, { parentId: 'src' }),
      job('ext-1-ext', 5, { parentId: 'ext-1' }),
    ]);
    assert.deepEqual(outline(tree), ['other', 'src', '  ext-1', '    ext-1-ext', '  ext-2']);
    assert.equal(tree.parent('ext-2')?.key, 'src');
    assert.equal(tree.parent('ext-1-ext')?.key, 'ext-1');
  });

  it('lets a job whose source is gone from the list stand on its own, where its age puts it', () => {
    const tree = jobRows([job('a', 1), job('orphan', 2, { parentId: 'removed' }), job('b', 3)]);
    assert.deepEqual(outline(tree), ['b', 'orphan', 'a']);
    assert.equal(tree.parent('orphan'), undefined);
  });

  it("groups a shot list's jobs under one row, where its newest job is, in shot order; a retry after its first try", () => {
    const list = (index: number) => ({ shotList: { file: '/ws/story.veo.json', index } });
    const tree = jobRows([
      job('before', 1),
      job('shot-2', 2, list(1)),
      job('shot-1', 3, list(0)),
      job('between', 4),
      job('shot-2-retry', 5, list(1)),
      job('shot-3', 6, list(2)),
      job('after', 7),
    ]);
    assert.deepEqual(outline(tree), ['after', '[/ws/story.veo.json]', '  shot-1', '  shot-2', '  shot-2-retry', '  shot-3', 'between', 'before']);
    const row = tree.row(shotListKey('/ws/story.veo.json'));
    assert.equal(row?.kind, 'shotList');
    assert.deepEqual(row?.kind === 'shotList' && row.jobs.map((j) => j.id), ['shot-1', 'shot-2', 'shot-2-retry', 'shot-3']);
    assert.equal(tree.parent('shot-2')?.key, shotListKey('/ws/story.veo.json'));
    assert.equal(tree.parent(shotListKey('/ws/story.veo.json')), undefined);
  });

  it('shows the shots still waiting for a slot in shot order, after the jobs of the same shot', () => {
    const file = '/ws/three.veo.json';
    const waiting = new Map<string, WaitingShot[]>([[file, [{ index: 2, prompt: 'third' }, { index: 1, prompt: 'second again' }]]]);
    const tree = jobRows([job('shot-1', 1, { shotList: { file, index: 0 } }), job('shot-2', 2, { shotList: { file, index: 1 }, status: 'failed' })], (f) => waiting.get(f));
    assert.deepEqual(outline(tree), [`[${file}]`, '  shot-1', '  shot-2', '  (waiting 1)', '  (waiting 2)']);
    const waitingRow = tree.children(shotListKey(file))[3]!;
    assert.equal(waitingRow.kind === 'waiting' && waitingRow.shot.prompt, 'third');
    assert.equal(tree.parent(waitingRow.key)?.key, shotListKey(file));
  });

  it("keeps an extension of a shot's job under that job, out of the list's own jobs; two lists are two rows", () => {
    const tree = jobRows([
      job('a-1', 1, { shotList: { file: 'a.veo.json', index: 0 } }),
      job('b-1', 2, { shotList: { file: 'b.veo.json', index: 0 } }),
      job('a-1-ext', 3, { parentId: 'a-1' }),
    ]);
    assert.deepEqual(outline(tree), ['[b.veo.json]', '  b-1', '[a.veo.json]', '  a-1', '    a-1-ext']);
    const a = tree.row(shotListKey('a.veo.json'));
    assert.deepEqual(a?.kind === 'shotList' && a.jobs.map((j) => j.id), ['a-1']);
  });

  it('knows nothing of keys it did not lay out, and tells a shot-list key from a job id', () => {
    const tree = jobRows([job('a', 1)]);
    assert.equal(tree.row('gone'), undefined);
    assert.deepEqual(tree.children('gone'), []);
    assert.deepEqual(tree.children('a'), []);
    assert.equal(shotListOfKey(shotListKey('/ws/x.veo.json')), '/ws/x.veo.json');
    assert.equal(shotListOfKey('a'), undefined);
    assert.equal(shotListOfKey({ id: 'a' }), undefined);
  });

  it("puts the takes of a shot under a row for the shot, by take (a retry after its take), with its waiting takes; single-take shots stay under the list", () => {
    const file = '/ws/takes.veo.json';
    const at = (index: number, take?: number) => ({ shotList: { file, index, ...(take !== undefined ? { take } : {}) } });
    const waiting = new Map<string, WaitingShot[]>([[file, [{ index: 1, prompt: 'two', take: 3 }, { index: 2, prompt: 'three' }]]]);
    const tree = jobRows(
      [
        job('one', 1, at(0)),
        job('two-take-2', 2, at(1, 2)),
        job('two-take-1', 3, at(1, 1)),
        job('two-take-1-retry', 4, at(1, 1)),
        job('two-take-2-continued', 5, { parentId: 'two-take-2' }),
      ],
      (f) => waiting.get(f),
    );
    assert.deepEqual(outline(tree), [
      `[${file}]`,
      '  one',
      '  <shot 2>',
      '    two-take-1',
      '    two-take-1-retry',
      '    two-take-2',
      '      two-take-2-continued',
      '    (waiting 1 take 3)',
      '  (waiting 2)',
    ]);
    const shot = tree.row(shotKey(file, 1));
    assert.deepEqual(shot?.kind === 'shot' && shot.jobs.map((j) => j.id), ['two-take-1', 'two-take-1-retry', 'two-take-2']);
    assert.equal(tree.parent('two-take-1')?.key, shotKey(file, 1));
    assert.equal(tree.parent(shotKey(file, 1))?.key, shotListKey(file));
  });
});
