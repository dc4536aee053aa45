import { scoreMatch, type PostingTraits, type SeekerTraits } from './score';

const seeker: SeekerTraits = { categories: ['age_4050', 'laid_off'], skills: ['保洁', '电工'], wishes: { jobTypes: ['保洁'], wageFloor: 1800 } };
const posting: PostingTraits = { welcomes: ['age_4050'], skills: ['电工', '焊工'], jobType: '保洁', wageMax: 2600 };

describe('scoreMatch', () => {
  it('adds up the points of each criterion met and gives one reason for each, in a fixed order', () => {
    expect(scoreMatch(seeker, posting)).toEqual({ score: 3 + 2 + 2 + 1, explanation: ['welcomes age_4050', 'skills: 电工 (1 of 2)', 'job type 保洁 wished', 'wage up to 2600 ≥ floor 1800'] });
  });

  it('counts two points per skill wanted that the seeker has, ignoring case and spaces', () => {
    expect(
      scoreMatch({ categories: ['other'], skills: [' Excel', '驾驶'], wishes: { jobTypes: [], wageFloor: null } }, { welcomes: [], skills: ['excel', '驾驶', '焊工'], jobType: '文员', wageMax: 3000 }),
    ).toEqual({
      score: 4,
      explanation: ['skills: excel, 驾驶 (2 of 3)'],
    });
  });

  it('names every welcomed category of the seeker but scores the category once', () => {
    expect(scoreMatch(seeker, { ...posting, welcomes: ['laid_off', 'age_4050'], skills: [], jobType: '保安' })).toEqual({
      score: 4,
      explanation: ['welcomes laid_off, age_4050', 'wage up to 2600 ≥ floor 1800'],
    });
  });

  it('leaves out a posting paying less than the floor, however well it fits otherwise', () => {
    expect(scoreMatch(seeker, { ...posting, wageMax: 1500 })).toBeNull();
  });

  it('is no match when nothing but the wage fits', () => {
    expect(scoreMatch(seeker, { welcomes: ['graduate'], skills: ['焊工'], jobType: '保安', wageMax: 5000 })).toBeNull();
  });

  it('gives the same answer for the same inputs', () => {
    expect(scoreMatch(seeker, posting)).toEqual(scoreMatch(seeker, posting));
  });
});
