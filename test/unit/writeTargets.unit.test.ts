// Where a write really lands once symbolic links are followed, and the one rule every write
// target passes: inside its workspace folder, on both sides of every link.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { confinedTarget, OutsideFolderError, realTarget } from '../../src/core/util/paths';

describe('write targets and symbolic links', () => {
  let base: string;
  let workspace: string;
  let outside: string;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'veo-targets-')));
    workspace = path.join(base, 'ws');
    outside = path.join(base, 'elsewhere');
    fs.mkdirSync(workspace);
    fs.mkdirSync(outside);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('follows a link on the way, and keeps the parts that do not exist yet', () => {
    fs.symlinkSync(outside, path.join(workspace, 'videos'));
    assert.equal(realTarget(path.join(workspace, 'videos', 'takes', 'a.mp4')), path.join(outside, 'takes', 'a.mp4'));
    assert.equal(realTarget(path.join(workspace, 'new', 'deeper')), path.join(workspace, 'new', 'deeper'));
  });

  it('follows a link to nothing (a write through it would create its target) and links to links', () => {
    fs.symlinkSync(path.join(outside, 'not-yet'), path.join(workspace, 'dangling'));
    assert.equal(realTarget(path.join(workspace, 'dangling', 'x.json')), path.join(outside, 'not-yet', 'x.json'));
    fs.symlinkSync('dangling', path.join(workspace, 'hop'));
    assert.equal(realTarget(path.join(workspace, 'hop')), path.join(outside, 'not-yet'));
  });

  it('refuses a target a link takes out of the folder, naming where it lands', () => {
    fs.symlinkSync(outside, path.join(workspace, 'videos'));
    fs.symlinkSync(path.join(outside, 'later'), path.join(workspace, 'dangling'));
    for (const target of [path.join(workspace, 'videos'), path.join(workspace, 'videos', 'frames'), path.join(workspace, 'dangling', 'a.mp4'), path.join(workspace, '..', 'elsewhere')]) {
      assert.throws(
        () => confinedTarget(target, workspace),
        (error: unknown) => error instanceof OutsideFolderError && error.real.startsWith(outside) && error.message.includes(outside),
        target,
      );
    }
  });

  it('lets through targets inside, links that stay inside, and a workspace folder opened through a link', () => {
    fs.mkdirSync(path.join(workspace, 'real-videos'));
    fs.symlinkSync(path.join(workspace, 'real-videos'), path.join(workspace, 'videos'));
    assert.equal(confinedTarget(path.join(workspace, 'videos', 'frames'), workspace), path.join(workspace, 'videos', 'frames'));
    assert.equal(confinedTarget(path.join(workspace, 'new'), workspace), path.join(workspace, 'new'));
    const opened = path.join(base, 'ws-link');
    fs.symlinkSync(workspace, opened);
    assert.equal(confinedTarget(path.join(opened, 'videos'), opened), path.join(opened, 'videos'));
  });

  it('gives up on a loop of links instead of spinning', () => {
    fs.symlinkSync(path.join(workspace, 'b'), path.join(workspace, 'a'));
    fs.symlinkSync(path.join(workspace, 'a'), path.join(workspace, 'b'));
    assert.throws(() => realTarget(path.join(workspace, 'a', 'x')));
  });
});
