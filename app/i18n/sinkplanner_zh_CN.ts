<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllocateDialog</name>
    <message>
        <location filename="../gui/allocation.py" line="237"/>
        <source>Allocate restoration</source>
        <translation>优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="239"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="240"/>
        <source>Forest cover target</source>
        <translation>森林覆盖率目标</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="251"/>
        <source> CNY</source>
        <translation> 元</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="260"/>
        <source>County</source>
        <translation>全县</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="273"/>
        <source>(none: the allocation alone)</source>
        <translation>（无：仅优化布局）</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="276"/>
        <source>The allocation is placed on top of this scenario&apos;s schedule, with its harvest and disturbance rates</source>
        <translation>优化布局叠加在该情景的年度计划之上，并沿用其采伐率和干扰率</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="285"/>
        <source>by the year</source>
        <translation>目标年份</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="286"/>
        <source>in</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="288"/>
        <source>Planting years</source>
        <translation>种植年份</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="289"/>
        <source>Add to scenario</source>
        <translation>叠加到情景</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="294"/>
        <source>Actions that may be used:</source>
        <translation>可采用的措施：</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="316"/>
        <source>Choose at least one action.</source>
        <translation>请至少选择一项措施。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="318"/>
        <source>The planting years must start before they end.</source>
        <translation>种植起始年不能晚于结束年。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="320"/>
        <source>Enter a budget above zero.</source>
        <translation>请输入大于零的预算。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="322"/>
        <source>The target year must not be before the first planting year.</source>
        <translation>目标年份不能早于首个种植年份。</translation>
    </message>
</context>
<context>
    <name>ColorButton</name>
    <message>
        <location filename="../gui/style_dialog.py" line="47"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ConflictsPanel</name>
    <message>
        <location filename="../gui/conflicts.py" line="340"/>
        <source>Check plan…</source>
        <translation>检查规划…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="341"/>
        <source>By rule</source>
        <translation>按规则</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="342"/>
        <source>By polygon</source>
        <translation>按图斑</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="344"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="345"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="373"/>
        <source>Cannot use this plan layer</source>
        <translation>无法使用此规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="376"/>
        <source>Plan check (%1)</source>
        <translation>规划检查（%1）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="378"/>
        <source>checking the plan against the rules</source>
        <translation>按规则检查规划</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="409"/>
        <source>Check a plan layer against the control lines and the rules table: Analysis → Check plan against rules…</source>
        <translation>对照管控线和规则表检查规划图层：分析 → 按规则检查规划图层…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="412"/>
        <source>&lt;b&gt;No conflicts&lt;/b&gt;: every polygon of %1 is allowed by the rules.</source>
        <translation>&lt;b&gt;没有冲突&lt;/b&gt;：%1 的所有图斑均符合规则。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="415"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: &lt;b&gt;%2 ha&lt;/b&gt; in conflict with the rules (polygons: %3, rules: %4).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：与规则冲突的面积 &lt;b&gt;%2 公顷&lt;/b&gt;（图斑 %3 个，规则 %4 条）。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="425"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="425"/>
        <location filename="../gui/conflicts.py" line="432"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="425"/>
        <source>Zone</source>
        <translation>管控区</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="426"/>
        <source>Land class</source>
        <translation>地类</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="426"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="427"/>
        <source>Polygons</source>
        <translation>图斑</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="427"/>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="432"/>
        <source>Polygon</source>
        <translation>图斑</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="432"/>
        <source>Rules</source>
        <translation>违反的规则</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="433"/>
        <source>Area in conflict (ha)</source>
        <translation>冲突面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="438"/>
        <source>anywhere</source>
        <translation>任意区域</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="438"/>
        <source>outside the control lines</source>
        <translation>管控线以外</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="439"/>
        <source>red line, core zone</source>
        <translation>生态保护红线核心区</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="440"/>
        <source>red line, general zone</source>
        <translation>生态保护红线一般控制区</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="441"/>
        <source>permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="442"/>
        <source>inside the urban boundary</source>
        <translation>城镇开发边界内</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="443"/>
        <source>outside the urban boundary</source>
        <translation>城镇开发边界外</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../gui/dashboard.py" line="171"/>
        <source>Prepare planning data</source>
        <extracomment>chart metrics: yearly column → (en label, zh label, scale, unit)</extracomment>
        <translation>准备规划数据</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="172"/>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="173"/>
        <source>Compare with</source>
        <translation>对比情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="174"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="175"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="176"/>
        <source>Map this year</source>
        <translation>生成当年地图</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="177"/>
        <source>Carbon density maps of the scenario (and the one compared) in the chosen year, with a swipe divider</source>
        <translation>生成所选年份该情景（及对比情景）的碳密度地图，并用卷帘对比</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="179"/>
        <source>Scale each action&apos;s yearly area (100% = as planned)</source>
        <translation>按比例调整各措施的年度面积（100% = 按计划）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="180"/>
        <source>Half (50%)</source>
        <translation>减半（50%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="181"/>
        <source>As planned</source>
        <translation>按计划</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="182"/>
        <source>More (150%)</source>
        <translation>加大（150%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="183"/>
        <source>Scenario studio</source>
        <translation>情景工作室</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="184"/>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="185"/>
        <source>Townships</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="186"/>
        <source>Allocation</source>
        <translation>优化布局</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="188"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="189"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="210"/>
        <source>Preparing planning data</source>
        <translation>准备规划数据</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="260"/>
        <source>Projections to 2060 need the planning data of this project (a minute or less).</source>
        <translation>预测至 2060 年需要先准备本工程的规划数据（约一分钟以内）。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="262"/>
        <source>%1 scenarios, %2–%3</source>
        <translation>%1 个情景，%2–%3 年</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="287"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="309"/>
        <source>This scenario allocates automatically (budget or target); it has no yearly areas to scale.</source>
        <translation>该情景按预算或目标自动分配，没有可调整的年度面积。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="439"/>
        <source>&lt;b&gt;%1&lt;/b&gt; in %2: forest cover %3%, carbon stock %4 Mt C, annual sink %5 ×10⁴ t CO₂e</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2 年）：森林覆盖率 %3%，碳储量 %4 百万吨碳，年碳汇 %5 万吨 CO₂e</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="461"/>
        <source>Scenario maps %1</source>
        <translation>情景地图 %1</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="531"/>
        <source>target %1</source>
        <translation>%1 年目标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="547"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="547"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="547"/>
        <source>Target year</source>
        <translation>目标年</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="548"/>
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="548"/>
        <source>Now</source>
        <translation>现状</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="548"/>
        <source>In target year</source>
        <translation>目标年预测值</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="549"/>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="549"/>
        <source>Met</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="549"/>
        <source>Year reached</source>
        <translation>达标年份</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="555"/>
        <location filename="../gui/dashboard.py" line="578"/>
        <source>Forest cover (%)</source>
        <translation>森林覆盖率（%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="556"/>
        <location filename="../gui/dashboard.py" line="579"/>
        <source>Stock volume (m³)</source>
        <translation>森林蓄积量（m³）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="563"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="563"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="578"/>
        <location filename="../gui/dashboard.py" line="641"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="578"/>
        <location filename="../gui/dashboard.py" line="641"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="579"/>
        <source>Carbon stock (t C)</source>
        <translation>碳储量（t C）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="605"/>
        <source>The budget of %1 CNY buys nothing: no chosen action has allowed land where it adds to the sink, or one pixel costs more than the budget.</source>
        <translation>预算 %1 元未能安排任何措施：所选措施没有规则允许且能增加碳汇的土地，或一个像元的成本已超过预算。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="608"/>
        <source>Budget %1 CNY, planting %2–%3: %4 ha allocated for %5 CNY.</source>
        <translation>预算 %1 元，%2–%3 年种植：共安排 %4 公顷，花费 %5 元。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="614"/>
        <source>the county</source>
        <translation>全县</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="620"/>
        <source>%1% forest cover in %2 by %3 cannot be reached with the chosen actions: %4 ha of new forest are needed, only %5 ha can be placed on land the rules allow (cost %6 CNY).</source>
        <translation>所选措施无法使%2在 %3 年达到 %1% 的森林覆盖率：需新增森林 %4 公顷，规则允许的土地上只能安排 %5 公顷（成本 %6 元）。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="624"/>
        <source>%2 already reaches %1% forest cover by %3 without new planting; nothing was allocated.</source>
        <translation>%2无需新增造林即可在 %3 年达到 %1% 的森林覆盖率，未安排任何措施。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="627"/>
        <source>%1% forest cover in %2 by %3: %4 ha of new forest are needed; %5 ha allocated for %6 CNY.</source>
        <translation>%2在 %3 年达到 %1% 森林覆盖率：需新增森林 %4 公顷；已安排 %5 公顷，花费 %6 元。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="641"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="641"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="642"/>
        <source>Cost (CNY)</source>
        <translation>成本（元）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="643"/>
        <source>Sink to %1 (t CO₂e)</source>
        <translation>至 %1 年累计碳汇（t CO₂e）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="649"/>
        <source>This scenario does not allocate. Analysis → Allocate… chooses where to act for a budget or a forest cover target.</source>
        <translation>此情景不含优化布局。可通过“分析 → 优化布局…”按预算或森林覆盖率目标选择实施地点。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="659"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../gui/allocation.py" line="346"/>
        <source>Export planning results</source>
        <translation>导出规划结果</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="348"/>
        <location filename="../gui/allocation.py" line="359"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="355"/>
        <source>Years to write per-pixel maps for, separated by commas; empty for none</source>
        <translation>输出逐像元地图的年份，用逗号分隔；留空则不输出地图</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="358"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="368"/>
        <source>Add the allocation “%1” to each scenario</source>
        <translation>将优化布局“%1”叠加到每个情景</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="371"/>
        <location filename="../gui/allocation.py" line="384"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="372"/>
        <source>Maps for the years</source>
        <translation>地图年份</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="373"/>
        <source>Plan layer to check</source>
        <translation>待核查的规划图层</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="374"/>
        <source>Its action field</source>
        <translation>措施字段</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="377"/>
        <source>Scenarios:</source>
        <translation>情景：</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="389"/>
        <source>Plan layer</source>
        <translation>规划图层</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="398"/>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="400"/>
        <source>Choose at least one scenario.</source>
        <translation>请至少选择一个情景。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="406"/>
        <source>Name the plan layer&apos;s action field.</source>
        <translation>请填写规划图层的措施字段名。</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../gui/panels.py" line="50"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="50"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="52"/>
        <source>Choose the identify tool and click the map.</source>
        <translation>选择“识别”工具后单击地图。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="64"/>
        <source>Nothing here.</source>
        <translation>此处没有要素。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="89"/>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../gui/layers_panel.py" line="304"/>
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="305"/>
        <location filename="../gui/layers_panel.py" line="383"/>
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="306"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="307"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="308"/>
        <location filename="../gui/layers_panel.py" line="381"/>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="309"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="310"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="380"/>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.py" line="335"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="336"/>
        <source>The project “%1” has unsaved changes. Save them?</source>
        <translation>工程“%1”有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="393"/>
        <location filename="../gui/mainwindow.py" line="526"/>
        <source>Cannot open project</source>
        <translation>无法打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="413"/>
        <source>Open project</source>
        <translation>打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="414"/>
        <location filename="../gui/mainwindow.py" line="432"/>
        <source>Sinkplanner projects (*.toml)</source>
        <translation>Sinkplanner 工程 (*.toml)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="421"/>
        <location filename="../gui/mainwindow.py" line="785"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="431"/>
        <source>Save project as</source>
        <translation>工程另存为</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="445"/>
        <location filename="../gui/mainwindow.py" line="448"/>
        <source>Cannot save project</source>
        <translation>无法保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="454"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="466"/>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="468"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="490"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="514"/>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="515"/>
        <source>Sinkplanner did not close normally. Unsaved changes to the project “%1” were autosaved at %2. Recover them?</source>
        <translation>Sinkplanner 上次未正常关闭。工程“%1”的未保存更改已于 %2 自动保存。是否恢复？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="544"/>
        <source>Add layers</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="572"/>
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="639"/>
        <location filename="../gui/mainwindow.py" line="859"/>
        <source>Analysis running</source>
        <translation>分析正在运行</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="640"/>
        <source>Another analysis is running. Wait for it or cancel it first.</source>
        <translation>另一项分析正在运行。请等待其完成或先取消。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="682"/>
        <location filename="../gui/mainwindow.py" line="690"/>
        <source>Analysis failed</source>
        <translation>分析失败</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="709"/>
        <source>Carbon accounting</source>
        <translation>碳核算</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="298"/>
        <location filename="../gui/mainwindow.py" line="742"/>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="259"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="260"/>
        <source>Open &amp;Recent</source>
        <translation>最近的工程(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="261"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="262"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="263"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="264"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="265"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="267"/>
        <source>&amp;New Project</source>
        <translation>新建工程(&amp;N)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="267"/>
        <source>Start an empty project</source>
        <translation>新建一个空工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="268"/>
        <source>&amp;Open Project…</source>
        <translation>打开工程(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="268"/>
        <source>Open a project file (.toml)</source>
        <translation>打开工程文件（.toml）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="269"/>
        <source>&amp;Save Project</source>
        <translation>保存工程(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="269"/>
        <source>Save the project</source>
        <translation>保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="270"/>
        <source>Save Project &amp;As…</source>
        <translation>工程另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="270"/>
        <source>Save the project under a new name</source>
        <translation>以新名称保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="271"/>
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="271"/>
        <source>Add a raster or vector file to the map</source>
        <translation>向地图添加栅格或矢量文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="272"/>
        <source>Map &amp;Report…</source>
        <translation>地图报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="272"/>
        <source>Preview and export the project&apos;s map report (PDF/PNG)</source>
        <translation>预览并导出本工程的地图报告（PDF/PNG）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="273"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="273"/>
        <source>Close Sinkplanner</source>
        <translation>关闭 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="274"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="274"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="275"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="275"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="276"/>
        <source>&amp;Full Extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="276"/>
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="277"/>
        <source>Zoom to &amp;Layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="277"/>
        <source>Zoom to the selected layer</source>
        <translation>缩放到所选图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="278"/>
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="278"/>
        <source>Drag the map to move it</source>
        <translation>拖动地图以平移</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="279"/>
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="279"/>
        <source>Click the map to see every layer&apos;s value there</source>
        <translation>单击地图查看该处各图层的值</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="280"/>
        <source>&amp;Swipe Selected Layer</source>
        <translation>卷帘对比所选图层(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="280"/>
        <source>Compare the selected layer with the layers below it by dragging a divider</source>
        <translation>拖动分隔线，将所选图层与其下方图层对比</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="281"/>
        <source>Run &amp;Carbon Accounting</source>
        <translation>运行碳核算(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="281"/>
        <source>Compute carbon stock and sink for the project</source>
        <translation>计算本工程的碳储量与碳汇</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="282"/>
        <source>&amp;Plan…</source>
        <translation>规划(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="282"/>
        <source>Project restoration scenarios against the targets</source>
        <translation>按目标预测生态修复情景</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="283"/>
        <source>Check Plan Against &amp;Rules…</source>
        <translation>按规则检查规划图层(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="283"/>
        <source>Find where a plan layer&apos;s polygons break the red line, farmland, urban boundary and the rules table</source>
        <translation>查找规划图层中违反生态保护红线、永久基本农田、城镇开发边界及规则表的图斑</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="284"/>
        <source>&amp;Allocate…</source>
        <translation>优化布局(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="284"/>
        <source>Choose where to act for a budget or a forest cover target, at the most sink per yuan</source>
        <translation>按预算或森林覆盖率目标选择实施地点，使单位投入碳汇最大</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="285"/>
        <source>&amp;Export Planning Results…</source>
        <translation>导出规划结果(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="285"/>
        <source>Write projections, target status, conflicts and maps of the scenarios to a folder</source>
        <translation>将各情景的预测、目标达成情况、冲突和地图写入文件夹</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="286"/>
        <source>&amp;Cancel Run</source>
        <translation>取消运行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="286"/>
        <source>Stop the running analysis</source>
        <translation>停止正在运行的分析</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="287"/>
        <source>&amp;About Sinkplanner</source>
        <translation>关于 Sinkplanner(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="288"/>
        <source>&amp;Dashboard</source>
        <translation>仪表板(&amp;D)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="288"/>
        <source>Targets, projections and the scenario studio</source>
        <translation>目标、预测与情景工作室</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="294"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="295"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="296"/>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="300"/>
        <location filename="../gui/mainwindow.py" line="758"/>
        <source>Conflicts</source>
        <translation>冲突图斑</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="408"/>
        <source>Some layers are unavailable</source>
        <translation>部分图层不可用</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="540"/>
        <source>Map files</source>
        <translation>地图文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="540"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="792"/>
        <source>No CRS</source>
        <translation>无坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="802"/>
        <source>Custom CRS</source>
        <translation>自定义坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="838"/>
        <source>Cannot draw %1: %2</source>
        <translation>无法绘制 %1：%2</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="842"/>
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="860"/>
        <source>An analysis is running. Cancel it and quit?</source>
        <translation>有分析正在运行。是否取消并退出？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="287"/>
        <location filename="../gui/mainwindow.py" line="850"/>
        <source>About Sinkplanner</source>
        <translation>关于 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="818"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="851"/>
        <source>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;Plan land carbon sinks: carbon stock, annual sink, restoration scenarios, targets and red-line constraints.&lt;/p&gt;&lt;p&gt;Open source (Apache-2.0).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;陆地碳汇规划：碳储量、年碳汇、生态修复情景、目标与生态保护红线约束。&lt;/p&gt;&lt;p&gt;开源软件（Apache-2.0）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../gui/canvas.py" line="392"/>
        <source>No layers. Open a project or drop map files here.</source>
        <translation>没有图层。请打开工程，或将地图文件拖放到此处。</translation>
    </message>
</context>
<context>
    <name>PlanCheckDialog</name>
    <message>
        <location filename="../gui/conflicts.py" line="221"/>
        <source>Check plan against rules</source>
        <extracomment>the conflicts layer: red outline over a translucent red fill, so it stands out on any map folder of the conflicts layers, under the project&apos;s work folder</extracomment>
        <translation>按规则检查规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="222"/>
        <source>Plan layer</source>
        <translation>规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="223"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="224"/>
        <source>Action field</source>
        <translation>措施字段</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="225"/>
        <source>Label field</source>
        <translation>标注字段</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="226"/>
        <source>Names the polygons in the results; by default the plan_id, id or name field, else the feature number</source>
        <translation>结果中图斑的名称；默认取 plan_id、id 或 name 字段，否则用要素序号</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="228"/>
        <source>Each polygon&apos;s action (e.g. afforestation, construction) is checked against the ecological red line, permanent basic farmland, the urban development boundary and the rules table of the project.</source>
        <translation>逐个图斑按其措施（如造林、建设）对照生态保护红线、永久基本农田、城镇开发边界和项目的规则表进行检查。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="239"/>
        <source>Choose a plan layer</source>
        <translation>选择规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="251"/>
        <location filename="../gui/conflicts.py" line="295"/>
        <source>Cannot use this plan layer</source>
        <translation>无法使用此规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="269"/>
        <source>(choose a field)</source>
        <translation>（请选择字段）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="274"/>
        <source>(automatic)</source>
        <translation>（自动）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="290"/>
        <source>No plan layer</source>
        <translation>未选择规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="291"/>
        <source>Add the plan layer to the project or choose its file.</source>
        <translation>请将规划图层加入项目，或选择其文件。</translation>
    </message>
</context>
<context>
    <name>PlanningTools</name>
    <message>
        <location filename="../gui/allocation.py" line="464"/>
        <source>Cannot allocate</source>
        <extracomment>the last allocation made here (offered to the export)</extracomment>
        <translation>无法进行优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="502"/>
        <source>Allocating</source>
        <translation>正在优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="514"/>
        <source>Allocation</source>
        <translation>优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="570"/>
        <source>Replace folder?</source>
        <translation>替换文件夹？</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="571"/>
        <source>The folder %1 is not empty. Its contents will be replaced by the planning results. Continue?</source>
        <translation>文件夹 %1 不是空的，其内容将被规划结果替换。是否继续？</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="575"/>
        <source>Exporting planning results</source>
        <translation>正在导出规划结果</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="580"/>
        <source>Planning results exported</source>
        <translation>规划结果已导出</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="581"/>
        <source>%1 files were written to the folder
%2</source>
        <translation>已将 %1 个文件写入文件夹
%2</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <location filename="../gui/panels.py" line="123"/>
        <source>Cancel the run</source>
        <translation>取消运行</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="124"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="141"/>
        <source>%1 finished</source>
        <translation>%1已完成</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="142"/>
        <source>%1 failed</source>
        <translation>%1失败</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="143"/>
        <source>%1 cancelled</source>
        <translation>%1已取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="150"/>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>StyleDialog</name>
    <message>
        <location filename="../gui/style_dialog.py" line="64"/>
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="87"/>
        <source>Classes (legend colours)</source>
        <translation>分类（图例颜色）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="88"/>
        <source>Continuous (colour ramp)</source>
        <translation>连续（色带）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="90"/>
        <source>Render as</source>
        <translation>渲染方式</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="97"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="97"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="97"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="126"/>
        <source>Colour ramp</source>
        <translation>色带</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="127"/>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="128"/>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="139"/>
        <source>No fill (outline only)</source>
        <translation>不填充（仅轮廓）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="146"/>
        <source>Dashed line</source>
        <translation>虚线</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="148"/>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="150"/>
        <source>Outline</source>
        <translation>轮廓</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="151"/>
        <source>Line width</source>
        <translation>线宽</translation>
    </message>
</context>
<context>
    <name>TableTools</name>
    <message>
        <location filename="../gui/table_tools.py" line="70"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../gui/table_tools.py" line="71"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
</TS>
