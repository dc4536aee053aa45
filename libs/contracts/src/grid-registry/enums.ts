/** Kind of a node in the five-level tree 五级联动: city 市 → district 区 → subdistrict 街道 → community 社区 → grid 网格. */
export enum NodeKind {
  City = 'city',
  District = 'district',
  /** 街道: also the level-1 grid 一级网格 of the subdistrict's three-level grid. */
  Subdistrict = 'subdistrict',
  Community = 'community',
  /** 网格: level 2 (under a community) or level 3 (under a level-2 grid; where staff patrol). */
  Grid = 'grid',
}

/** Lifecycle of a node: retired nodes stay for history but no longer resolve points. */
export enum NodeStatus {
  Active = 'active',
  Retired = 'retired',
}

/** Role of a staff member at a node. */
export enum StaffRole {
  /** 网格长 */
  GridLeader = 'grid_leader',
  /** 网格员 */
  GridMember = 'grid_member',
  /** 网格责任人: does the daily patrol 日巡查 and household visit 日走访. */
  ResponsiblePerson = 'responsible_person',
  /** 平台操作员 of the platform at that level. */
  PlatformOperator = 'platform_operator',
  /** 督查 */
  Supervisor = 'supervisor',
}

/** Kind of a linked department 下沉单位. */
export enum DepartmentKind {
  /** 公安 */
  Police = 'police',
  /** 工商 / 市场监管 */
  MarketRegulation = 'market_regulation',
  /** 质监 */
  QualitySupervision = 'quality_supervision',
  /** 安全监管 */
  WorkSafety = 'work_safety',
  /** 城管 */
  CityManagement = 'city_management',
  Other = 'other',
}

/** Kind of a place registered in a grid. */
export enum PlaceKind {
  /** 楼栋 / 楼院 */
  Building = 'building',
  /** 户 */
  Household = 'household',
  /** 单位: enterprise, public institution, shop … */
  Unit = 'unit',
  /** 重点部位: gets both daily patrol and visit. */
  KeyLocation = 'key_location',
}

/** Type of a unit 单位. */
export enum UnitType {
  /** 企业 */
  Enterprise = 'enterprise',
  /** 事业单位 */
  PublicInstitution = 'public_institution',
  /** 门店 / 个体工商户 */
  Shop = 'shop',
  Other = 'other',
}

/** What a bulk import loads. */
export enum ImportKind {
  /** GeoJSON FeatureCollection of grid nodes. */
  Grids = 'grids',
  /** CSV of households. */
  Households = 'households',
  /** CSV of units. */
  Units = 'units',
}

/** State of a bulk import job. */
export enum ImportStatus {
  Running = 'running',
  /** Every row was imported. */
  Completed = 'completed',
  /** Nothing was imported; see `errors`. */
  Failed = 'failed',
}
