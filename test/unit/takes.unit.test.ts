// Takes under plain Node: a shot asks for 1–4 of them (the file, its checks and its JSON
// schema agree), which take counts for a shot (the chosen one, else the newest saved;
// those made from what the shot says now first), the four states, what a run sends and the
// take numbers it gives, and Choose Take's one edit that leaves the rest of the file as it was.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { withChosenTake, formattingOf } from '../../src/core/shotList/chosenTake';
import { ParsedShotList } from '../../src/core/shotList/parse';
import { shotListJsonSchema, VSCODE_SCHEMA_KEYWORDS } from '../../src/core/shotList/schema';
import { chosenTakeOf, differences, newTakeNumbers, recipeOfRequest, runEntries, shotStatus, type TakeRecord } from '../../src/core/shotList/takes';
import { planShotList, type PlannedShot } from '../../src/core/shotList/validate';

const T2V = 'google/veo-3.1-t2v-fast';

describe('takes: in the shot list', () => {
  let ws: string;
  before(() => (ws = fs.mkdtempSync(path.join(os.tmpdir(), 'veo-takes-'))));
  after(() => fs.rmSync(ws, { recursive: true, force: true }));
  const plan = (doc: unknown) => planShotList(JSON.stringify(doc), { file: path.join(ws, 'a.veo.json'), roots: [ws] });

  it('plans a shot’s takes (1 unless it asks) and its chosen take', async () => {
    const p = await plan({ shots: [{ prompt: 'one', model: T2V }, { prompt: 'two', model: T2V, takes: 3, chosenTake: 2 }] });
    assert.deepEqual(p.issues, []);
    assert.deepEqual(p.shots.map((s) => [s.takes, s.chosenTake]), [[1, undefined], [3, 2]]);
  });

  it('refuses takes outside 1–4 and a chosen take that is not a whole number, at the field', async () => {
    const p = await plan({ shots: [{ prompt: 'a', takes: 5 }, { prompt: 'b', takes: 0 }, { prompt: 'c', takes: 1.5 }, { prompt: 'd', chosenTake: 'two' }] });
    assert.deepEqual(p.issues.map((i) => `${i.shot} ${i.field}: ${i.message}`), [
      '0 takes: "takes" must be a whole number from 1 to 4.',
      '1 takes: "takes" must be a whole number from 1 to 4.',
      '2 takes: "takes" must be a whole number from 1 to 4.',
      '3 chosenTake: "chosenTake" must be a whole number from 1 to 10000.',
    ]);
    assert.equal(p.shots.length, 0);
  });

  it('the JSON schema knows takes and chosenTake, with the same limits', () => {
    const ajv = new Ajv({ allErrors: true });
    ajv.addVocabulary([...VSCODE_SCHEMA_KEYWORDS]);
    const validate = ajv.compile(shotListJsonSchema());
    assert.ok(validate({ shots: [{ prompt: 'x', takes: 4, chosenTake: 3 }] }), JSON.stringify(validate.errors));
    for (const bad of [{ takes: 5 }, { takes: 0 }, { takes: 2.5 }, { chosenTake: 0 }]) assert.equal(validate({ shots: [{ prompt: 'x', ...bad }] }), false, JSON.stringify(bad));
  });
});

describe('takes: which counts, and the state of a shot', () => {
  const request = { model: T2V, prompt: 'A boat at dawn', media: {}, options: { duration: 4, resolution: '720p' } };
  const planned: PlannedShot = { index: 0, request, options: request.options, takes: 2 };
  const recipe = recipeOfRequest(request, '/ws');
  const take = (n: number, over: Partial<TakeRecord> = {}): TakeRecord => ({ index: 0, take: n, status: 'saved', video: `/ws/videos/boat.take-${n}.mp4`, createdAt: n * 1000, recipe, ...over });

  it('counts the chosen take when it was saved, else the newest saved', () => {
    const takes = [take(1), take(2), take(3, { status: 'failed' })];
    assert.equal(chosenTakeOf(takes, 1).take?.take, 1);
    assert.equal(chosenTakeOf(takes, 1).byPerson, true);
    assert.equal(chosenTakeOf(takes, undefined).take?.take, 2);
    assert.equal(chosenTakeOf(takes, 3).take?.take, 2, 'a take that failed cannot be chosen');
    assert.equal(chosenTakeOf(takes, 3).byPerson, false);
    assert.equal(chosenTakeOf([], 1).take, undefined);
  });

  it('is not generated, generating, saved or stale — and says what differs', () => {
    assert.equal(shotStatus(0, planned, [], undefined, '/ws').state, 'notGenerated');
    assert.equal(shotStatus(0, planned, [take(1, { status: 'failed' })], undefined, '/ws').state, 'notGenerated');
    assert.equal(shotStatus(0, planned, [take(1), take(2, { status: 'generating' })], undefined, '/ws').state, 'generating');
    const saved = shotStatus(0, planned, [take(1), take(2)], 1, '/ws');
    assert.equal(saved.state, 'saved');
    assert.equal(saved.chosen?.take, 1);
    const edited: PlannedShot = { ...planned, request: { ...request, prompt: 'A boat at dusk', options: { ...request.options, duration: 6 } } };
    const stale = shotStatus(0, edited, [take(1), take(2)], 1, '/ws');
    assert.equal(stale.state, 'stale');
    assert.deepEqual(stale.differs, ['prompt', 'options']);
  });

  it('after a changed shot was made again, its new takes count, not the old choice', () => {
    const edited: PlannedShot = { ...planned, request: { ...request, prompt: 'A boat at dusk' } };
    const fresh = recipeOfRequest(edited.request, '/ws');
    const status = shotStatus(0, edited, [take(1), take(2), take(3, { recipe: fresh }), take(4, { recipe: fresh })], 2, '/ws');
    assert.equal(status.state, 'saved');
    assert.equal(status.chosen?.take, 4, 'the newest of the matching takes');
    assert.equal(status.chosenByPerson, false);
    assert.equal(shotStatus(0, edited, [take(3, { recipe: fresh }), take(4, { recipe: fresh })], 3, '/ws').chosen?.take, 3, 'a choice among them holds');
  });

  it('compares recipes as sidecars write them: options in any order are the same, sources by workspace path', () => {
    const withImage = recipeOfRequest({ ...request, media: { image_url: { kind: 'file', path: '/ws/images/a.png' } } }, '/ws');
    assert.deepEqual(withImage.sources, { image_url: 'images/a.png' });
    assert.deepEqual(differences(recipe, { ...recipe, options: { resolution: '720p', duration: 4 } }), []);
    assert.deepEqual(differences(recipe, withImage), ['images']);
    assert.deepEqual(differences(recipe, { ...recipe, model: 'google/veo-3.1-t2v' }), ['model']);
  });

  it('a run sends every take of the shots not generated or stale, numbered after the takes there are', () => {
    const other: PlannedShot = { index: 1, request, options: request.options, takes: 1 };
    const third: PlannedShot = { index: 2, request: { ...request, prompt: 'changed' }, options: request.options, takes: 2 };
    const statuses = [
      shotStatus(0, planned, [take(1), take(2)], undefined, '/ws'),
      shotStatus(1, other, [], undefined, '/ws'),
      shotStatus(2, third, [take(1, { index: 2 }), take(2, { index: 2 })], 2, '/ws'),
    ];
    const { entries, skipped } = runEntries([planned, other, third], statuses);
    assert.deepEqual(entries.map((e) => [e.shot.index, e.take]), [[1, undefined], [2, 3], [2, 4]]);
    assert.deepEqual(skipped.map((s) => s.index), [0]);
    const only = runEntries([planned, other, third], statuses, new Set([0]));
    assert.deepEqual(only.entries.map((e) => [e.shot.index, e.take]), [[0, 3], [0, 4]], 'Generate This Shot makes new takes of a saved shot');
  });

  it('numbers takes: none for a first single take, else after the highest so far', () => {
    assert.deepEqual(newTakeNumbers(1, []), [undefined]);
    assert.deepEqual(newTakeNumbers(2, []), [1, 2]);
    assert.deepEqual(newTakeNumbers(1, [{ take: 1 }]), [2]);
    assert.deepEqual(newTakeNumbers(2, [{ take: 1 }, { take: 4 }]), [5, 6]);
  });
});

describe('takes: Choose Take writes one edit into the list', () => {
  const LIST = `{
    "defaults": { "model": "${T2V}" },
    "shots": [
        { "prompt": "one", "output": "shot-01", "takes": 2 },
        {
            "prompt": "two",
            "chosenTake": 1
        }
    ]
}
`;

  it('adds chosenTake to a one-line shot on its line, to a longer shot on a line of its own, and changes nothing else', () => {
    assert.equal(withChosenTake(LIST, 0, 2), LIST.replace('"takes": 2 }', '"takes": 2, "chosenTake": 2 }'));
    const spread = LIST.replace('"chosenTake": 1', '"output": "two"');
    assert.equal(withChosenTake(spread, 1, 4), spread.replace('"output": "two"', '"output": "two",\n            "chosenTake": 4'));
    assert.deepEqual(new ParsedShotList(withChosenTake(spread, 1, 4)).document?.shots.map((s) => s.chosenTake), [undefined, 4]);
    assert.equal(withChosenTake(LIST, 1, 1), LIST, 'already chosen: no edit');
    assert.throws(() => withChosenTake(LIST, 5, 1), /no shot 6/);
    assert.equal(withChosenTake(LIST, 1, undefined).includes('chosenTake'), false, 'a choice can be taken back');
  });

  it('changes an existing choice in place, and keeps Windows line endings', () => {
    const crlf = LIST.replace(/\n/g, '\r\n');
    const text = withChosenTake(crlf, 1, 3);
    assert.equal(text, crlf.replace('"chosenTake": 1', '"chosenTake": 3'));
    assert.deepEqual(formattingOf(crlf), { insertSpaces: true, tabSize: 4, eol: '\r\n' });
    assert.deepEqual(formattingOf('{\n\t"shots": []\n}'), { insertSpaces: false, tabSize: 4, eol: '\n' });
  });
});
